"""FastAPI service over the search core: thin routes, typed dependencies, one JSON error shape."""
