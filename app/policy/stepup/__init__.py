"""Step-up authentication: a one-time proof, bound to one transfer request, that its member just verified.

``base`` says what a factor is, ``registry`` which factors this computer has (one-time codes
everywhere, fingerprints through fprintd on Linux), ``proofs`` issues and redeems the proofs,
``service.StepUp`` puts them together for the facade, and ``errors`` holds what a caller catches.
"""
