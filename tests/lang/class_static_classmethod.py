# staticmethod and classmethod, including alternative constructors.
class Date:
    def __init__(self, y, m, d):
        self.y, self.m, self.d = y, m, d
    @classmethod
    def from_string(cls, s):
        y, m, d = map(int, s.split('-'))
        return cls(y, m, d)
    @staticmethod
    def is_leap(year):
        return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    def __repr__(self):
        return '%s(%d, %d, %d)' % (type(self).__name__, self.y, self.m, self.d)
class MyDate(Date):
    pass
print(Date.from_string('2024-02-29'), MyDate.from_string('1999-12-31'))
print(Date.is_leap(2000), Date.is_leap(1900), Date(1, 1, 1).is_leap(2024))
print(MyDate(1, 2, 3).from_string('5-6-7'))
class Tracker:
    instances = 0
    def __init__(self):
        Tracker.bump()
    @classmethod
    def bump(cls):
        cls.instances += 1
        return cls.instances
Tracker(); Tracker()
print(Tracker.instances)
print(type(Date.__dict__['is_leap']).__name__, type(Date.__dict__['from_string']).__name__)
f = Date.is_leap
print(f(2023), callable(f))
