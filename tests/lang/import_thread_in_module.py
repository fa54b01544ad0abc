# A module body that starts a thread importing another module and joins it:
# each module has its own import lock, so the thread does not wait for the
# starter's import to end (which waits for the thread).
import mod_thread_starter

print(mod_thread_starter.RESULT)
import mod_thread_inner
print(mod_thread_inner is __import__("sys").modules["mod_thread_inner"])
