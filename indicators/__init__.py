"""Core of the CAWMC indicator dashboard: framework, intake, storage, engine and exports."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
"""The project folder; data/ and locales/ are found from here, never from the working directory."""
