# Imported by a thread that mod_thread_starter's body started.
VALUE = "inner imported while its starter's import was still running"
