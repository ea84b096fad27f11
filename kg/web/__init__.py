"""What a browser or a remote store sees: the network view, kg serve, kg push."""
