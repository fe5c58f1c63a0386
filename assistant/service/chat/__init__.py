"""The drafting chat: the offline router (:mod:`.routing`), the tools a model may call
(:mod:`.tools`) and the conversation that answers each message (:mod:`.conversation`)."""
