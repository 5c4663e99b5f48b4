"""What every page shares: the choices kept in the URL, cached data, and the look."""
