"""Legal time: Lithuanian working days, GDPR month arithmetic, and the named clocks.

Modules, in the order they build on each other:

- ``lengths``: the words a profile uses for a period (``1 month``, ``5 working days``…).
- ``calendar``: the Lithuanian working-day calendar (``holidays`` pinned) and Europe/Vilnius.
- ``arithmetic``: Reg. 1182/71 arithmetic on dates and instants; rolling; calendar years.
- ``catalogue``: every named clock with the law's default, its citation and its outer limit;
  ``validate_clock_rules`` checks a profile's ``clocks:`` section.
- ``deadlines``: an organisation's rules for a clock resolved once, then computed per start.
- ``clock``: a running clock with pauses, one extension and a status.

Decisions where the sources leave room (each is also stated where it is implemented):

- A date deadline ends at 24:00 Vilnius time on its last day; an instant start counts from its
  date in Vilnius. An instant without a UTC offset is refused rather than guessed.
- Where an organisation's documents set several lengths, all are computed and the earliest
  applies; where the earliest is still later than the law's limit, the limit applies. Each
  case is a finding.
- "Without undue delay" gives no date; the law's outer limit is returned beside it where one
  exists (``dm.optout``: GDPR Art. 12(3), one month; ``breach.authority``: 72 hours).
- Clocks the law gives no period (``inquiry.response``, ``processor.end_deletion``,
  ``breach.register_entry``, ``breach.commission_conclusion``, ``rules.review``,
  ``candidate.rules_change_notice``) have no date unless the organisation sets one.
- ``dsr.response.extended``: the law's length is two further months after the first, never
  beyond three months from receipt (the earlier reading at month ends); organisations' lengths
  count from receipt, as the seeds write them ("60 calendar days from the request").
- ``candidate.rules_change_notice`` counts back from the day a change takes effect and does not
  roll: rolling forward would shorten the notice, and the law requires no roll backwards.
- A pause moves a date clock's start by the whole days it stood still, and an hour clock's by
  the elapsed time.
"""
