"""Engine-neutral parts every backend shares: query terms, ranking intent, spelling, snippets.

They sit below the backends: they import no backend, and no module above ``search_app.engines``
except the shared data types.
"""
