"""The faces of ukrepl: the Jupyter kernel with its magics, the `ukrepl` command, the pytest plugin
for in-guest tests. Each turns a user's request into one call of the guest facade."""
