"""rencana: Indonesian decree PDFs to validated, structured plan records."""
from .errors import BadInput
from .models import DecreeDocument, Record
from .options import ExtractOptions
from .runner import extract

__all__ = ["BadInput", "DecreeDocument", "ExtractOptions", "Record", "extract"]
__version__ = "0.1.0"
