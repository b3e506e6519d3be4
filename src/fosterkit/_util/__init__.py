"""Private helpers of the domain core: attrs validators and type introspection."""
