"""The C library behind the module: finding libmusubi.so, the prototypes of
the functions of musubi.h that the module calls, and errors.

Where the library is looked for, first found wins:
  1. the path in the environment variable MUSUBI_LIBRARY;
  2. the build tree this package sits in (python/musubi/ beside build/release/,
     where `make` puts libmusubi.so.0);
  3. the installed library: ctypes.util.find_library("musubi"), then the
     dynamic loader's own search for libmusubi.so.0 (LD_LIBRARY_PATH,
     ld.so.cache).

Every call into the library goes through ctypes.CDLL, which releases the GIL
for the duration of the call: a solve does not hold up other Python threads.
"""

import ctypes
import ctypes.util
import os
import pathlib

SONAME = "libmusubi.so.0"

# mu_code (musubi.h): the library's return codes, doubling as the CLI's exits.
OK, EINVALID_SOLUTION, EUSAGE, EINPUT, EIO, ENOSOLUTION, EINTERNAL, ENOMEM, EINTERRUPTED = range(9)
ERROR_LINES = 20  # MU_ERROR_LINES


class MusubiError(Exception):
    """A failed call: the library's mu_code as .code, and its messages, one
    line per problem, naming the file (or source), the record and the field,
    as .messages; str() is what musubi prints."""

    def __init__(self, code, messages, count=None):
        self.code = code
        self.messages = list(messages)
        self.count = len(self.messages) if count is None else count
        text = "\n".join(self.messages)
        if self.count > len(self.messages):
            text += "\n... and %d more problems (%d in all)" % (self.count - len(self.messages), self.count)
        super().__init__(text or "musubi: error %d" % code)


class UsageError(MusubiError, ValueError):
    """A bad option value, an engine that cannot honour the instance (MU_EUSAGE)."""


class InputError(MusubiError, ValueError):
    """The instance or the solution is invalid (MU_EINPUT)."""


class FileError(MusubiError, OSError):
    """A file could not be read or written (MU_EIO)."""


class SolverError(MusubiError, RuntimeError):
    """A solver library failed, contained (MU_EINTERNAL)."""


class OutOfMemory(MusubiError, MemoryError):
    """Out of memory, or over the memory limit (MU_ENOMEM)."""


_CLASSES = {EUSAGE: UsageError, EINPUT: InputError, EIO: FileError, EINTERNAL: SolverError, ENOMEM: OutOfMemory}


class Error(ctypes.Structure):
    _fields_ = [("code", ctypes.c_int), ("count", ctypes.c_int), ("msg", ctypes.c_char * 4096)]

    def raise_for(self, rc):
        """Raises the exception of return code rc, with this record's lines."""
        lines = [ln for ln in self.msg.decode("utf-8", "replace").split("\n") if ln]
        raise _CLASSES.get(rc, MusubiError)(rc, lines, max(self.count, len(lines)))


class Column(ctypes.Structure):
    _fields_ = [("name", ctypes.c_char_p), ("values", ctypes.c_void_p)]


class Arrays(ctypes.Structure):
    """mu_arrays (musubi.h), field for field."""

    _fields_ = [
        ("source", ctypes.c_char_p),
        ("name", ctypes.c_char_p),
        ("n_applicants", ctypes.c_int32),
        ("applicant_ids", ctypes.c_void_p),
        ("n_companies", ctypes.c_int32),
        ("company_ids", ctypes.c_void_p),
        ("capacities", ctypes.c_void_p),
        ("n_pairs", ctypes.c_int64),
        ("pair_applicants", ctypes.c_void_p),
        ("pair_companies", ctypes.c_void_p),
        ("pair_weights", ctypes.c_void_p),
        ("applicant_pref_start", ctypes.c_void_p),
        ("applicant_prefs", ctypes.c_void_p),
        ("company_pref_start", ctypes.c_void_p),
        ("company_prefs", ctypes.c_void_p),
        ("n_applicant_columns", ctypes.c_int32),
        ("applicant_columns", ctypes.c_void_p),
        ("n_company_columns", ctypes.c_int32),
        ("company_columns", ctypes.c_void_p),
        ("programme", ctypes.c_char_p),
    ]


def _candidates():
    env = os.environ.get("MUSUBI_LIBRARY")
    if env:
        return [env], True
    found = []
    tree = pathlib.Path(__file__).resolve().parent.parent.parent / "build" / "release" / SONAME
    if tree.exists():
        found.append(str(tree))
    name = ctypes.util.find_library("musubi")
    if name:
        found.append(name)
    found.append(SONAME)
    return found, False


def _load():
    names, from_env = _candidates()
    problems = []
    for name in names:
        try:
            return ctypes.CDLL(name)
        except OSError as e:
            problems.append("%s: %s" % (name, e))
            if from_env:
                break
    raise ImportError(
        "musubi: cannot load libmusubi (%s); build it with `make` in the musubi checkout, install it with "
        "`make install`, or point MUSUBI_LIBRARY at libmusubi.so.0" % "; ".join(problems)
    )


lib = _load()

_c = ctypes
_P = _c.c_void_p
_ERR = _c.POINTER(Error)
_PROTOTYPES = {
    # name: (restype, argtypes)
    "mu_version": (_c.c_char_p, []),
    "mu_free": (None, [_P]),
    "mu_status_name": (_c.c_char_p, [_c.c_int]),
    "mu_options_new": (_P, []),
    "mu_options_free": (None, [_P]),
    "mu_options_set": (_c.c_int, [_P, _c.c_char_p, _c.c_char_p, _ERR]),
    "mu_options_set_verbosity": (None, [_P, _c.c_int]),
    "mu_set_verbosity": (None, [_c.c_int]),
    "mu_request_stop": (None, []),
    "mu_stop_clear": (None, []),
    "mu_instance_read": (_c.c_int, [_c.c_char_p, _c.POINTER(_P), _ERR]),
    "mu_instance_from_json": (_c.c_int, [_c.c_char_p, _c.c_char_p, _c.c_size_t, _c.POINTER(_P), _ERR]),
    "mu_instance_build": (_c.c_int, [_c.POINTER(Arrays), _c.POINTER(_P), _ERR]),
    "mu_instance_free": (None, [_P]),
    "mu_instance_applicants": (_c.c_int32, [_P]),
    "mu_instance_companies": (_c.c_int32, [_P]),
    "mu_instance_name": (_c.c_char_p, [_P]),
    "mu_instance_source": (_c.c_char_p, [_P]),
    "mu_instance_applicant_id": (_c.c_char_p, [_P, _c.c_int32]),
    "mu_instance_company_id": (_c.c_char_p, [_P, _c.c_int32]),
    "mu_instance_capacity": (_c.c_int32, [_P, _c.c_int32]),
    "mu_instance_lint": (_c.c_int, [_P, _c.POINTER(_P), _c.POINTER(_c.c_int32), _ERR]),
    "mu_solve": (_c.c_int, [_P, _P, _c.POINTER(_P), _ERR]),
    "mu_solution_measure": (_c.c_int, [_P, _P, _P, _ERR]),
    "mu_solution_lint": (_c.c_int, [_P, _P, _ERR]),
    "mu_solution_free": (None, [_P]),
    "mu_solution_status": (_c.c_int, [_P]),
    "mu_solution_has_assignment": (_c.c_int, [_P]),
    "mu_solution_json": (_c.c_int, [_P, _P, _P, _c.POINTER(_P), _c.POINTER(_c.c_size_t), _ERR]),
    "mu_check_json": (_c.c_int, [_P, _c.c_char_p, _c.c_char_p, _c.c_size_t, _c.POINTER(_P), _ERR]),
    "mu_generate_json": (
        _c.c_int,
        [_c.c_char_p, _c.c_int32, _c.POINTER(_c.c_char_p), _c.POINTER(_c.c_char_p), _c.POINTER(_P),
         _c.POINTER(_c.c_size_t), _ERR],
    ),
}
for _name, (_res, _args) in _PROTOTYPES.items():
    _f = getattr(lib, _name)
    _f.restype = _res
    _f.argtypes = _args


def take_text(ptr, length=None):
    """The library's malloc'd text as str, freed with mu_free."""
    if not ptr:
        return ""
    try:
        raw = ctypes.string_at(ptr, length) if length is not None else ctypes.string_at(ptr)
        return raw.decode("utf-8")
    finally:
        lib.mu_free(ptr)


def library_path():
    """The file the library was loaded from (from /proc/self/maps on Linux;
    else the name it was loaded by)."""
    try:
        with open("/proc/self/maps") as maps:
            for line in maps:
                if "libmusubi.so" in line:
                    return line.split(None, 5)[-1].strip()
    except OSError:
        pass
    return lib._name


def version():
    """mu_version(): "0.1.0 (git abcdef, cc 12.2.0)"."""
    return lib.mu_version().decode()
