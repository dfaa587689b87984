"""Streamlit glue: cached access to the store and shared page elements."""
