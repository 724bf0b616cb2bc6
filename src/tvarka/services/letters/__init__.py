"""Letters: issuing a letter (content rules, PDF, sealed storage, delivery by the chosen
channel) in ``issue``, and sample letters with generated people for a DPO to read in ``samples``."""
