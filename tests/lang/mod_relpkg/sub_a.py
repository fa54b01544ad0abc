def greet():
    return "hello from sub_a"
