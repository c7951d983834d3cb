"""musubi for Python: optimal, explainable matching of applicants to host
organisations, and the policies researchers compare (stable matchings,
lexicographic objectives, their metrics), through ctypes over libmusubi.so.
Pure Python: nothing to compile; the library is found as _native.py says.

    import musubi
    inst = musubi.generate("tokyo-2022", seed=1)            # a dict
    sol = musubi.solve(inst, engine="da-applicant")          # a dict: musubi-solution-1
    print(sol["status"], sol["objective"], sol["metrics"]["blocking_pairs"])
    table = musubi.compare(inst, engines=["auto", "da-applicant", "stable-optimal"])
    musubi.check(inst, sol)["valid"]                         # the independent checker

An instance is a dict (a musubi-instance-1 document), JSON text (str or
bytes starting with "{"), a path (a JSON file or a directory of CSV tables),
or an Instance, built once and solved many times, e.g. from arrays at a
size where a document costs more than the solve (Instance.from_arrays).

Errors raise MusubiError subclasses carrying musubi's one-line messages
(InputError names the record and the field). A solve releases the GIL; Ctrl-C
stops it, and musubi.Interrupted (a KeyboardInterrupt) carries the best
solution found so far.
"""

import array
import itertools
import json
import os
import threading
import time

from . import _native
from ._native import (
    FileError,
    InputError,
    MusubiError,
    OutOfMemory,
    SolverError,
    UsageError,
    library_path,
)

__all__ = [
    "Instance", "solve", "compare", "check", "generate", "lint", "Interrupted", "MusubiError", "UsageError",
    "InputError", "FileError", "SolverError", "OutOfMemory", "library_path", "ENGINES", "__version__",
]

_lib = _native.lib
_c = _native.ctypes
__version__ = _native.version().split()[0]

_PTR = "Q" if _c.sizeof(_c.c_void_p) == 8 else "I"  # array.array code of a pointer
ENGINES = ("auto", "mip", "flow", "da-applicant", "da-company", "stable-optimal", "almost-stable", "heuristic")
DEFAULT_COMPARE = ("auto", "da-applicant", "da-company", "stable-optimal")


class Interrupted(KeyboardInterrupt):
    """Ctrl-C (SIGINT) stopped a solve; .solution is the best solution found
    so far as a dict (status "interrupted"; no assignment when there was
    none yet)."""

    def __init__(self, solution):
        super().__init__("musubi: solve interrupted")
        self.solution = solution


# One library call at a time (musubi.h: its readers, GLPK's fence and the
# stop flag are per process). A solve holds it on its worker thread while
# other Python threads run; a second solve waits for the first.
_LOCK = threading.RLock()


def _call(fn, *args):
    err = _native.Error()
    with _LOCK:
        rc = fn(*args, _c.byref(err))
    if rc:
        err.raise_for(rc)


def _text(s, what):
    if isinstance(s, bytes):
        return s
    if not isinstance(s, str):
        raise TypeError("%s: expected text, got %s" % (what, type(s).__name__))
    return s.encode("utf-8")


class Instance:
    """An instance held by the library. Build it once and solve it many
    times; free it with close() (or a with block, or let it be collected)."""

    def __init__(self, _handle):
        self._h = _c.c_void_p(_handle)

    # ---- constructors

    @classmethod
    def read(cls, path):
        """From a musubi-instance-1 JSON file or a directory of CSV tables."""
        h = _c.c_void_p()
        _call(_lib.mu_instance_read, os.fsencode(path), _c.byref(h))
        return cls(h.value)

    @classmethod
    def from_json(cls, text, source=None):
        """From a musubi-instance-1 document as text (str or bytes); source
        names it in messages (default "<memory>")."""
        data = _text(text, "text")
        h = _c.c_void_p()
        _call(_lib.mu_instance_from_json, None if source is None else _text(source, "source"), data, len(data),
              _c.byref(h))
        return cls(h.value)

    @classmethod
    def from_dict(cls, document, source="<dict>"):
        """From a musubi-instance-1 document as a dict."""
        return cls.from_json(json.dumps(document, ensure_ascii=False, allow_nan=False), source=source)

    @classmethod
    def from_arrays(cls, applicants, companies, capacities, *, pairs=None, pair_applicants=None,
                    pair_companies=None, pair_weights=None, applicant_preferences=None, company_preferences=None,
                    applicant_attributes=None, company_attributes=None, rules=None, weights=None, quotas=None,
                    hosts=None, name=None, source=None):
        """From arrays, as the library's mu_instance_build (musubi.h): the
        same instance as the equivalent document, without building one.

        applicants, companies: ids (str); capacities: one int per company.
        Pairs, the only eligible ones, with their weights: either `pairs`, an
        iterable of (applicant, company, weight) by id or index, or the three
        parallel index sequences pair_applicants, pair_companies,
        pair_weights (lists, ranges or array.array; the fast route). Without
        pairs, weights come from `weights` and the preference lists.
        applicant_preferences / company_preferences: one list per entity (ids
        or indices of the other side, most preferred first), or a dict id ->
        list. applicant_attributes / company_attributes: dict name -> one
        value per entity (str, int, bool, a list of str for target_markets
        and requires_fields; None: absent), the columns of the CSV tables:
        typed ones (nationality, age, jlpt, ..., target_markets,
        requires_jlpt, ...) read as there, any other name a free attribute.
        rules, weights, quotas, hosts: as in a document (instances/FORMAT.md).
        """
        err_source = "<arrays>" if source is None else source
        app_ids = [str(a) for a in applicants]
        com_ids = [str(c) for c in companies]
        keep = []  # everything the struct points into, alive until the call returns

        def strings(values, what):
            """An array of char * into one buffer of the texts, NUL-separated
            (None: a NULL pointer), built by C-level joins and maps: a
            tenth of the time of a c_char_p array of 100,000 ids."""
            texts = values if None not in values else ["" if v is None else v for v in values]
            joined = "\0".join(texts)
            if joined.count("\0") != max(len(texts) - 1, 0):
                k = next(i for i, t in enumerate(texts) if "\0" in t)
                bad("%s[%d]" % (what, k), "contains a NUL character")
            blob = joined.encode("utf-8") + b"\0"
            lengths = map(len, texts) if joined.isascii() else (len(t.encode("utf-8")) for t in texts)
            buf = _c.create_string_buffer(blob, len(blob))
            ptrs = array.array(_PTR, itertools.accumulate(map((1).__add__, lengths), initial=_c.addressof(buf)))
            ptrs.pop()
            if texts is not values:
                for i, v in enumerate(values):
                    if v is None:
                        ptrs[i] = 0
            if not ptrs:
                ptrs.append(0)
            keep.extend((buf, ptrs))
            return ptrs.buffer_info()[0]

        def ints(values, code, what):
            if isinstance(values, array.array) and values.typecode == code:
                arr = values
            else:
                try:
                    arr = array.array(code, values)
                except (TypeError, OverflowError) as e:
                    raise TypeError("%s: expected integers (%s)" % (what, e)) from None
            if not len(arr):
                arr = array.array(code, [0])
            keep.append(arr)
            return arr.buffer_info()[0]

        def bad(path, message):
            raise InputError(_native.EINPUT, ["%s: %s: %s" % (err_source, path, message)])

        a = _native.Arrays()
        a.source = None if source is None else _text(source, "source")
        a.name = None if name is None else _text(name, "name")
        a.n_applicants = len(app_ids)
        a.applicant_ids = strings(app_ids, "applicants")
        a.n_companies = len(com_ids)
        a.company_ids = strings(com_ids, "companies")
        caps = list(capacities)
        if len(caps) != len(com_ids):
            raise ValueError("capacities: %d values for %d companies" % (len(caps), len(com_ids)))
        a.capacities = ints(caps, "i", "capacities")
        app_index = com_index = None

        def index_of(side, x, path):
            nonlocal app_index, com_index
            if isinstance(x, bool) or not isinstance(x, (int, str)):
                bad(path, "expected a %s id or index, got %r" % (side, x))
            if isinstance(x, int):
                return x
            if side == "applicant":
                if app_index is None:
                    app_index = {s: i for i, s in enumerate(app_ids)}
                table = app_index
            else:
                if com_index is None:
                    com_index = {s: i for i, s in enumerate(com_ids)}
                table = com_index
            if x not in table:
                bad(path, 'unknown %s id "%s"' % (side, x))
            return table[x]

        if pairs is not None:
            if pair_applicants is not None:
                raise ValueError("give pairs or pair_applicants/pair_companies/pair_weights, not both")
            pa, pc, pw = array.array("i"), array.array("i"), array.array("q")
            for k, p in enumerate(pairs):
                x, y, w = p
                pa.append(index_of("applicant", x, "pairs[%d].applicant" % k))
                pc.append(index_of("company", y, "pairs[%d].company" % k))
                pw.append(w)
            pair_applicants, pair_companies, pair_weights = pa, pc, pw
        if pair_applicants is not None:
            n = len(pair_applicants)
            if pair_companies is None or pair_weights is None or len(pair_companies) != n or len(pair_weights) != n:
                raise ValueError("pair_applicants, pair_companies and pair_weights: three sequences of one length")
            a.n_pairs = n
            a.pair_applicants = ints(pair_applicants, "i", "pair_applicants")
            a.pair_companies = ints(pair_companies, "i", "pair_companies")
            a.pair_weights = ints(pair_weights, "q", "pair_weights")

        def prefs(lists, side, n, ids):
            if isinstance(lists, dict):
                own = {s: i for i, s in enumerate(ids)}
                rows = [[] for _ in range(n)]
                for key, row in lists.items():
                    if key not in own:
                        bad("%ss" % ("company" if side == "applicant" else "applicant"),
                            'preferences for unknown id "%s"' % key)
                    rows[own[key]] = row
                lists = rows
            lists = list(lists)
            if len(lists) != n:
                raise ValueError("%s preferences: %d lists for %d entities" % (side, len(lists), n))
            start, items = array.array("q", [0]), array.array("i")
            record = "applicants" if side == "company" else "companies"
            for i, row in enumerate(lists):
                for k, x in enumerate(row or ()):
                    items.append(index_of(side, x, "%s[%d].preferences[%d]" % (record, i, k)))
                start.append(len(items))
            return ints(start, "q", "preferences"), ints(items, "i", "preferences")

        if applicant_preferences is not None:
            a.applicant_pref_start, a.applicant_prefs = prefs(applicant_preferences, "company", len(app_ids), app_ids)
        if company_preferences is not None:
            a.company_pref_start, a.company_prefs = prefs(company_preferences, "applicant", len(com_ids), com_ids)

        def columns(attrs, n, record):
            if not attrs:
                return 0, None
            cols = (_native.Column * len(attrs))()
            for k, (key, values) in enumerate(attrs.items()):
                values = list(values)
                if len(values) != n:
                    raise ValueError("%s attribute %s: %d values for %d entities" % (record, key, len(values), n))
                texts = values
                if not set(map(type, values)) <= {str, type(None)}:
                    texts = []
                    for i, v in enumerate(values):
                        if v is None or isinstance(v, str):
                            texts.append(v)
                        elif isinstance(v, bool):
                            texts.append("true" if v else "false")
                        elif isinstance(v, int):
                            texts.append(str(v))
                        elif isinstance(v, (list, tuple)) and all(isinstance(x, str) and "|" not in x for x in v):
                            texts.append("|".join(v))  # target_markets, requires_fields
                        else:
                            bad("%s[%d].%s" % (record, i, key),
                                "expected a string, integer, boolean or list of strings, got %r" % (v,))
                cols[k].name = _text(key, "attribute name")
                cols[k].values = strings(texts, "%s.%s" % (record, key))
            keep.append(cols)
            return len(attrs), _c.cast(cols, _c.c_void_p)

        a.n_applicant_columns, a.applicant_columns = columns(applicant_attributes, len(app_ids), "applicants")
        a.n_company_columns, a.company_columns = columns(company_attributes, len(com_ids), "companies")
        programme = {k: v for k, v in (("rules", rules), ("weights", weights), ("quotas", quotas), ("hosts", hosts))
                     if v is not None}
        if programme:
            a.programme = json.dumps(programme, ensure_ascii=False).encode("utf-8")
        h = _c.c_void_p()
        _call(_lib.mu_instance_build, _c.byref(a), _c.byref(h))
        return cls(h.value)

    # ---- reading

    @property
    def applicants(self):
        return _lib.mu_instance_applicants(self._handle())

    @property
    def companies(self):
        return _lib.mu_instance_companies(self._handle())

    @property
    def name(self):
        return _lib.mu_instance_name(self._handle()).decode("utf-8")

    @property
    def source(self):
        """What messages and the solution's "instance" call it."""
        return _lib.mu_instance_source(self._handle()).decode("utf-8")

    def applicant_ids(self):
        h = self._handle()
        return [_lib.mu_instance_applicant_id(h, i).decode("utf-8") for i in range(self.applicants)]

    def company_ids(self):
        h = self._handle()
        return [_lib.mu_instance_company_id(h, j).decode("utf-8") for j in range(self.companies)]

    def capacities(self):
        h = self._handle()
        return [_lib.mu_instance_capacity(h, j) for j in range(self.companies)]

    def _handle(self):
        if not self._h.value:
            raise ValueError("musubi: the instance is closed")
        return self._h

    def close(self):
        if self._h.value:
            with _LOCK:
                _lib.mu_instance_free(self._h)
            self._h = _c.c_void_p()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass

    def __repr__(self):
        if not self._h.value:
            return "<musubi.Instance closed>"
        return "<musubi.Instance %s: %d applicants, %d companies>" % (self.source, self.applicants, self.companies)


def _instance(instance):
    """(Instance, owned): an Instance as it is, anything else read into a new one."""
    if isinstance(instance, Instance):
        return instance, False
    if isinstance(instance, dict):
        return Instance.from_dict(instance), True
    if isinstance(instance, (bytes, str)) and instance.lstrip()[:1] in ("{", b"{"):
        return Instance.from_json(instance), True
    if isinstance(instance, (str, bytes, os.PathLike)):
        return Instance.read(instance), True
    raise TypeError("musubi: an instance is a dict, JSON text, a path or an Instance, not %s" % type(instance).__name__)


class _Options:
    """mu_options on the heap, set through the options table by name."""

    def __init__(self, verbose=False, **options):
        self.h = _c.c_void_p(_lib.mu_options_new())
        if not self.h.value:
            raise MemoryError("musubi: out of memory for the options")
        self.keep = []  # text options are not copied by the library
        self.values = {}
        for key, value in options.items():
            if value is not None:
                self.set(key, value)
        self.verbosity = 2 if verbose else 0
        _lib.mu_options_set_verbosity(self.h, self.verbosity)

    def set(self, key, value):
        name = key.replace("_", "-").encode()
        text = str(value).encode("utf-8") if not isinstance(value, bytes) else value
        self.keep.append(text)
        _call(_lib.mu_options_set, self.h, name, text)
        self.values[key] = value

    def free(self):
        if self.h.value:
            _lib.mu_options_free(self.h)
            self.h = _c.c_void_p()


def _in_worker(fn):
    """Runs fn (a library call that may take long) so that Ctrl-C reaches
    it: on the main thread the call runs on a worker while this thread
    waits, and SIGINT becomes mu_request_stop; the solve then returns its
    best so far. Returns (result, interrupted)."""
    if threading.current_thread() is not threading.main_thread():
        return fn(), False
    box = {}
    finished = threading.Event()

    def work():
        try:
            box["value"] = fn()
        except BaseException as e:  # handed to the caller's thread
            box["error"] = e
        finally:
            finished.set()

    # Waits on an Event, not Thread.join: a join that Ctrl-C interrupts can
    # mark the thread stopped while it still runs (Python up to 3.12).
    worker = threading.Thread(target=work, name="musubi-solve", daemon=True)
    interrupted = False
    worker.start()
    while not finished.is_set():
        try:
            finished.wait(0.1)
        except KeyboardInterrupt:
            interrupted = True
            _lib.mu_request_stop()
    if "error" in box:
        raise box["error"]
    return box["value"], interrupted


def _solve(inst, opts, measure=True, lint=True):
    """Solves inst; returns (the solution as a dict, interrupted). The
    library's solution is freed here."""

    def run():
        with _LOCK:
            _lib.mu_set_verbosity(opts.verbosity)  # the library's log on stderr: only when verbose
            _lib.mu_stop_clear()
            sol = _c.c_void_p()
            err = _native.Error()
            text, n = _c.c_void_p(), _c.c_size_t()
            try:
                rc = _lib.mu_solve(inst._handle(), opts.h, _c.byref(sol), _c.byref(err))
                if not rc and measure and _lib.mu_solution_has_assignment(sol):
                    rc = _lib.mu_solution_measure(sol, inst._handle(), opts.h, _c.byref(err))
                if not rc and lint:
                    rc = _lib.mu_solution_lint(sol, inst._handle(), _c.byref(err))
                if not rc:
                    rc = _lib.mu_solution_json(sol, inst._handle(), opts.h, _c.byref(text), _c.byref(n),
                                               _c.byref(err))
            finally:
                _lib.mu_solution_free(sol)
                _lib.mu_stop_clear()
            if rc:
                err.raise_for(rc)
            return _native.take_text(text.value, n.value)

    text, interrupted = _in_worker(run)
    return json.loads(text), interrupted


def solve(instance, engine="auto", objective="weight", time_limit=None, threads=None, seed=None, *, gap=None,
          tie_break=None, group_by=None, verbose=False, lint=True, **options):
    """Solves the instance as `musubi solve` does and returns the solution
    as a dict, the content of the musubi-solution-1 file (status, objective,
    bound, gap, engine, engine_reason, assignment, unassigned, fill,
    certificate, metrics, warnings, options; README "Commands").

    engine: one of ENGINES; objective: weight, placements, rank-maximal,
    egalitarian, maxmin; time_limit in seconds (reading a path or a dict
    counts against it, as for musubi solve); threads (0: all cores; the
    answer does not depend on it); seed; gap; tie_break; group_by; any other
    option of the options table by name (memory_limit=...). lint: record
    lint's findings as "warnings", as musubi solve does. An infeasible
    instance is a solution with status "infeasible", not an error.
    Ctrl-C raises Interrupted with the best solution so far."""
    started = time.monotonic()
    opts = _Options(verbose=verbose, engine=engine, objective=objective, time_limit=time_limit, threads=threads,
                    seed=seed, gap=gap, tie_break=tie_break, group_by=group_by, **options)
    inst = None
    owned = False
    try:
        inst, owned = _instance(instance)
        if time_limit:
            # Reading counted against the limit; the solution echoes the limit as given.
            left = max(float(time_limit) - (time.monotonic() - started), 1e-3)
            run = _Options(verbose=verbose, **{**opts.values, "time_limit": "%.6f" % left})
            try:
                solution, interrupted = _solve(inst, run, lint=lint)
            finally:
                run.free()
            solution["options"]["time_limit"] = float(time_limit)
        else:
            solution, interrupted = _solve(inst, opts, lint=lint)
        if interrupted:
            raise Interrupted(solution)
        return solution
    finally:
        opts.free()
        if owned and inst is not None:
            inst.close()


def check(instance, solution, source=None):
    """The independent checker (musubi check) on a solution given as a dict,
    JSON text or a path. Returns {"valid": bool, "violations": [lines],
    "summary": the verdict line, "report": all of it}. Raises InputError when
    the solution is not a musubi-solution-1 document."""
    if isinstance(solution, dict):
        text = json.dumps(solution, ensure_ascii=False).encode("utf-8")
        source = source or "<dict>"
    elif isinstance(solution, (bytes, str)) and solution.lstrip()[:1] in ("{", b"{"):
        text = _text(solution, "solution")
    else:
        with open(solution, "rb") as f:
            text = f.read()
        source = source or os.fsdecode(solution)
    inst, owned = _instance(instance)
    try:
        report = _c.c_void_p()
        err = _native.Error()
        with _LOCK:
                rc = _lib.mu_check_json(inst._handle(), None if source is None else _text(source, "source"), text,
                                    len(text), _c.byref(report), _c.byref(err))
        out = _native.take_text(report.value)
        if rc not in (_native.OK, _native.EINVALID_SOLUTION):
            err.raise_for(rc)
        lines = out.splitlines()
        return {
            "valid": rc == _native.OK,
            "violations": [ln for ln in lines if ": violation: " in ln],
            "summary": lines[-1] if lines else "",
            "report": out,
        }
    finally:
        if owned:
            inst.close()


def lint(instance):
    """musubi lint: the findings (mistakes that read as valid), one string
    each, naming the file, the record and the field; [] when none."""
    inst, owned = _instance(instance)
    try:
        text = _c.c_void_p()
        _call(_lib.mu_instance_lint, inst._handle(), _c.byref(text), None)
        return _native.take_text(text.value).splitlines()
    finally:
        if owned:
            inst.close()


def generate(preset=None, seed=None, *, text=False, **knobs):
    """musubi gen into memory: the preset (None: the defaults), the seed and
    any knob by its flag name, underscores for dashes (applicants=1000,
    companies=50, pairs=20, app_list_length="3-8", rules=False; `musubi gen
    --help` lists them). Returns the instance as a dict, or as JSON text when
    text=True (pass either to solve)."""
    if seed is not None:
        knobs["seed"] = seed
    names, values = [], []
    for key, value in knobs.items():
        names.append(key.replace("_", "-").encode())
        if isinstance(value, bool):
            value = "yes" if value else "no"
        values.append(str(value).encode("utf-8"))
    n = len(names)
    out, length = _c.c_void_p(), _c.c_size_t()
    _call(_lib.mu_generate_json, None if preset is None else _text(preset, "preset"), n,
          (_c.c_char_p * max(n, 1))(*names), (_c.c_char_p * max(n, 1))(*values), _c.byref(out), _c.byref(length))
    document = _native.take_text(out.value, length.value)
    return document if text else json.loads(document)


def compare(instance, engines=DEFAULT_COMPARE, **options):
    """musubi compare: each engine on the instance, every assignment checked
    by the independent checker, as a dict like `musubi compare --json`
    (musubi-compare-1): "max_weight" and, per engine, "status", "objective",
    "weight_lost", "check" ("valid" or "invalid"), "metrics" and the whole
    "solution"; an engine that cannot honour the instance (deferred
    acceptance with quota rows) is status "refused" with its "reason".
    options: as for solve (objective applies to the engines that optimise)."""
    if isinstance(engines, str):
        engines = [e for e in engines.split(",") if e]
    _Options(**options).free()  # a bad option value is the caller's error, not a refusal
    inst, owned = _instance(instance)
    try:
        rows = []
        for engine in engines:
            opts = dict(options)
            if engine in ("da-applicant", "da-company", "flow"):
                opts["objective"] = "weight"  # they optimise nothing else
            try:
                sol = solve(inst, engine=engine, **opts)
            except UsageError as e:
                if engine not in ENGINES:
                    raise
                rows.append({"engine": engine, "status": "refused", "reason": str(e)})
                continue
            row = {"engine": engine, "status": sol["status"], "engine_reason": sol["engine_reason"],
                   "seconds": sol["seconds"]}
            if sol["objective"] is not None and sol["status"] in ("optimal", "feasible", "interrupted"):
                row.update(objective=sol["objective"], criterion=sol["criterion"],
                           criterion_value=sol.get("criterion_value", sol["objective"]))
                row["check"] = "valid" if check(inst, sol)["valid"] else "invalid"
            row["metrics"] = sol["metrics"]
            row["solution"] = sol
            rows.append(row)
        max_weight = None
        for r in rows:  # as musubi compare: a weight-optimal row, else a stable engine's own unconstrained solve
            sol = r.get("solution")
            if not sol:
                continue
            if sol["status"] == "optimal" and sol["criterion"] == "weight" and r["engine"] in ("auto", "mip", "flow"):
                max_weight = sol["objective"]
                break
            pos = (sol.get("metrics") or {}).get("price_of_stability")
            if pos:
                max_weight = pos["max_weight"]
                break
        if max_weight is None and any("objective" in r for r in rows):
            ref = solve(inst, engine="auto", **{**options, "objective": "weight"})
            if ref["status"] == "optimal":
                max_weight = ref["objective"]
        for r in rows:
            if max_weight is not None and "objective" in r:
                r["weight_lost"] = max_weight - r["objective"]
        return {
            "format": "musubi-compare-1",
            "instance": inst.source,
            "instance_name": inst.name,
            "applicants": inst.applicants,
            "companies": inst.companies,
            "max_weight": max_weight,
            "musubi": _native.version(),
            "engines": rows,
        }
    finally:
        if owned:
            inst.close()
