"""The published contract: the pydantic models other tools rely on, and the JSON Schema made from them."""
