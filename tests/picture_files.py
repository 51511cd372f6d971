"""What the picture tests share: reading a PNG's or GIF's size from its header (no
Pillow needed), and running a script with matplotlib hidden."""
import struct

# Runs a script (argv[1], with arguments argv[2:]) as __main__ with matplotlib hidden:
# sys.modules["matplotlib"] = None makes every ``import matplotlib`` raise ImportError,
# as if it were not installed.
HIDE_MATPLOTLIB = (
    "import runpy, sys\n"
    "sys.modules['matplotlib'] = None  # import matplotlib now raises ImportError\n"
    "sys.argv = sys.argv[1:]\n"
    "runpy.run_path(sys.argv[0], run_name='__main__')\n"
)


def png_size(path):
    """(width, height) from a PNG's header: 8 signature bytes, then the IHDR chunk
    (4 bytes length, 4 bytes b"IHDR", 4 bytes width, 4 bytes height, big-endian)."""
    with open(path, "rb") as file:
        header = file.read(24)
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG file"
    assert header[12:16] == b"IHDR"
    return struct.unpack(">II", header[16:24])


def gif_size(path):
    """(width, height) from a GIF's header: b"GIF89a", then two little-endian shorts."""
    with open(path, "rb") as file:
        header = file.read(10)
    assert header[:6] in (b"GIF87a", b"GIF89a"), f"{path} is not a GIF file"
    return struct.unpack("<HH", header[6:10])
