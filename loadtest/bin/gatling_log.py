"""Reader of Gatling 3.15.1's binary simulation.log (format pinned to that version; see shared gatling.md §5)."""
import struct


class Record:
    __slots__ = ("name", "start", "end", "ok", "message")

    def __init__(self, name, start, end, ok, message):
        self.name, self.start, self.end, self.ok, self.message = name, start, end, ok, message


def read(path):
    """Returns (run_start_epoch_ms, simulation_class, [Record]) with start/end in ms since the run start."""
    data = open(path, "rb").read()
    pos = 0
    cache = {}
    out = []
    run_start, sim_class = 0, ""

    def take(n):
        nonlocal pos
        pos += n
        if pos > len(data):
            raise EOFError("truncated simulation.log")
        return data[pos - n:pos]

    def i32():
        return struct.unpack(">i", take(4))[0]

    def u8():
        return take(1)[0]

    def string():
        n = i32()
        if n == 0:
            return ""
        raw = take(n)
        return raw.decode("latin-1" if u8() == 0 else "utf-16-le")

    def cached():
        k = i32()
        if k > 0:
            cache[k] = string()
        return cache.get(abs(k), "")

    try:
        while pos < len(data):
            header = u8()
            if header == 0:
                string()
                sim_class = string()
                run_start = struct.unpack(">q", take(8))[0]
                string()
                for _ in range(i32()):
                    string()
                for _ in range(i32()):
                    take(i32())
            elif header == 1:
                for _ in range(i32()):
                    cached()
                name, start, end, ok = cached(), i32(), i32(), u8() == 1
                message = cached()
                out.append(Record(name, start, end, ok, message))
            elif header == 2:
                i32(); u8(); i32()
            elif header == 3:
                for _ in range(i32()):
                    cached()
                i32(); i32(); i32(); u8()
            elif header == 4:
                cached(); i32()
            else:
                raise ValueError("unknown record header %d at byte %d" % (header, pos - 1))
    except EOFError:
        pass  # a crashed run leaves a partial last record; keep what was read
    return run_start, sim_class, out
