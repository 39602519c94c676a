"""See and correct: debug overlays (``rencana debug``) and the review page (``rencana review``)."""
