"""The structure stage: the decree's metadata (heading, sections, dictums, enactment, signature)."""
