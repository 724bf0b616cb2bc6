"""Register of processing activities (GDPR Art. 30): model, vocabularies and findings."""
