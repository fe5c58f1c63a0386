"""What a user can do: the desk of one workspace, the chat that drives it, and the inputs
(command-line paths, uploads) that feed it.  Pages and commands call this layer; it calls
the domain, the store and the adapters."""
