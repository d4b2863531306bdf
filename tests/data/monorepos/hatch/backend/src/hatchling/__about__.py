__version__ = "1.32.0"
