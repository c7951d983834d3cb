"""The Python module against the command line: the same solutions, checks,
instances, comparisons and messages, the version everywhere, the library it
loaded, the GIL released during a solve and Ctrl-C stopping one.

Run from the repository (tests/e2e_python.sh runs it against the build tree
and against an installed copy):
    MUSUBI_BIN=bin/musubi python3 -m pytest python/tests
MUSUBI_EXPECT_LIBRARY and MUSUBI_EXPECT_PACKAGE, when set, are the directories
the library and the package must come from.
"""

import array
import json
import os
import pathlib
import re
import signal
import subprocess
import threading
import time

import pytest

import musubi

ROOT = pathlib.Path(__file__).resolve().parents[2]
BIN = os.environ.get("MUSUBI_BIN", str(ROOT / "bin" / "musubi"))
TOKYO = str(ROOT / "instances" / "tokyo-2022.json")
JIP = str(ROOT / "instances" / "jip-fy2018.json")
TINY_QUOTAS = str(ROOT / "instances" / "examples" / "tiny-quotas.json")


def cli(*args, check=True):
    r = subprocess.run([BIN, *args], capture_output=True, text=True)
    if check and r.returncode != 0:
        raise AssertionError("musubi %s: exit %d: %s" % (" ".join(args), r.returncode, r.stderr))
    return r


def cli_json(*args):
    return json.loads(cli(*args).stdout)


def without_seconds(sol):
    """The solution less what differs from run to run and build to build:
    the seconds, and the build stamp of "musubi" (the library under test may
    be an installed copy of another commit than the command's)."""
    out = dict(sol)
    out.pop("seconds")
    out.pop("timings", None)  # the command times its whole run; the library has no read or write phase
    assert out.pop("musubi").split()[0] == musubi.__version__
    return out


# ---- the library and its version


def test_the_library_comes_from_where_it_was_asked():
    path = musubi.library_path()
    assert "libmusubi.so" in path
    want = os.environ.get("MUSUBI_EXPECT_LIBRARY")
    if want:
        assert os.path.realpath(path).startswith(os.path.realpath(want)), path


def test_the_package_comes_from_where_it_was_asked():
    want = os.environ.get("MUSUBI_EXPECT_PACKAGE")
    if want:
        assert os.path.realpath(musubi.__file__).startswith(os.path.realpath(want)), musubi.__file__


def test_the_version_is_musubis_everywhere():
    makefile = (ROOT / "Makefile").read_text()
    version = re.search(r"^VERSION\s*:=\s*(\S+)", makefile, re.M).group(1)
    assert musubi.__version__ == version
    assert cli("--version").stdout.split()[1] == version
    pyproject = (ROOT / "python" / "pyproject.toml").read_text()
    assert re.search(r'^version = "([^"]+)"', pyproject, re.M).group(1) == version


# ---- solve


def test_solve_gives_the_solution_file_of_musubi_solve():
    for engine in ("auto", "da-applicant", "stable-optimal"):
        mine = musubi.solve(TOKYO, engine=engine)
        theirs = cli_json("solve", TOKYO, "--engine", engine, "-q")
        assert without_seconds(mine) == without_seconds(theirs)


def test_solve_takes_a_dict_json_text_or_an_instance_alike():
    with open(TINY_QUOTAS) as f:
        text = f.read()
    by_path = musubi.solve(TINY_QUOTAS)
    by_dict = musubi.solve(json.loads(text))
    by_text = musubi.solve(text)
    with musubi.Instance.read(TINY_QUOTAS) as inst:
        by_inst = musubi.solve(inst)
        assert inst.applicants == by_path["applicants"]
    assert by_dict["instance"] == "<dict>" and by_text["instance"] == "<memory>"
    for other in (by_dict, by_text, by_inst):
        assert other["assignment"] == by_path["assignment"]
        assert other["certificate"] == by_path["certificate"]
        assert other["metrics"] == by_path["metrics"]


def test_options_reach_the_solve_and_its_echo():
    sol = musubi.solve(TOKYO, engine="da-company", tie_break="single", seed=7, threads=2, time_limit=30)
    assert sol["engine"] == "da-company"
    assert sol["options"]["tie_break"] == "single" and sol["options"]["seed"] == 7
    assert sol["options"]["threads"] == 2 and sol["options"]["time_limit"] == 30
    theirs = cli_json("solve", TOKYO, "--engine", "da-company", "--tie-break", "single", "--seed", "7", "--threads",
                      "2", "--time-limit", "30", "-q")
    assert sol["assignment"] == theirs["assignment"]


def test_an_infeasible_instance_is_a_status_not_an_error():
    sol = musubi.solve(str(ROOT / "instances" / "examples" / "infeasible.json"))
    assert sol["status"] == "infeasible" and sol["objective"] is None
    assert sol["infeasibility"]["conflict"]


def test_lint_findings_are_warnings_as_musubi_solve_records_them():
    doc = {"format": "musubi-instance-1", "applicants": [{"id": "A", "nationality": "VN"}],
           "companies": [{"id": "C", "capacity": 1}],
           "quotas": [{"name": "q", "applicants": {"nationality": "Vn"}, "max": 1}]}
    findings = musubi.lint(doc)
    assert len(findings) == 1 and 'value "Vn" matches no applicant' in findings[0]
    assert musubi.solve(doc)["warnings"] == findings
    assert "warnings" not in musubi.solve(doc, lint=False)
    assert musubi.lint(TOKYO) == []


# ---- errors carry musubi's one-line messages


def test_bad_input_raises_input_error_with_the_readers_message(tmp_path):
    doc = {"format": "musubi-instance-1", "applicants": [{"id": "A", "age": "forty"}], "companies": []}
    with pytest.raises(musubi.InputError) as e:
        musubi.solve(doc)
    assert str(e.value) == '<dict>: applicants[0].age: expected an integer from 0 to 150, got "forty"'
    assert e.value.code == 3
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc))
    with pytest.raises(musubi.InputError) as e:
        musubi.solve(str(path))
    assert str(e.value) == cli("solve", str(path), check=False).stderr.strip()


def test_bad_options_and_missing_files_raise_their_kind():
    with pytest.raises(musubi.UsageError) as e:
        musubi.solve(TOKYO, engine="fastest")
    assert "--engine: expected one of auto|mip|flow" in str(e.value)
    with pytest.raises(musubi.UsageError):
        musubi.solve(TOKYO, threads=-1)
    with pytest.raises(musubi.UsageError) as e:  # flow optimises weight only
        musubi.solve(JIP, engine="flow", objective="placements")
    assert str(e.value) == cli("solve", JIP, "--engine", "flow", "--objective", "placements", "-q",
                               check=False).stderr.strip()
    with pytest.raises(musubi.FileError):
        musubi.solve("/nonexistent/instance.json")
    with pytest.raises(TypeError):
        musubi.solve(42)


# ---- check, generate, compare


def test_check_accepts_a_solution_and_names_a_violation():
    sol = musubi.solve(JIP)
    result = musubi.check(JIP, sol)
    assert result["valid"] and result["violations"] == []
    assert "optimality certified by dual prices" in result["summary"]
    sol["objective"] += 1
    result = musubi.check(JIP, sol)
    assert not result["valid"]
    assert result["violations"] == ["<dict>: violation: objective: recomputed %d, reported %d"
                                    % (sol["objective"] - 1, sol["objective"])]
    with pytest.raises(musubi.InputError):
        musubi.check(JIP, {"format": "something-else"})


def test_check_reads_a_solution_file_as_musubi_check(tmp_path):
    path = tmp_path / "sol.json"
    path.write_text(cli("solve", TOKYO, "-q").stdout)
    result = musubi.check(TOKYO, str(path))
    assert result["report"] == cli("check", TOKYO, str(path)).stdout


def test_generate_gives_musubi_gens_instance():
    mine = musubi.generate("bench-stable", seed=3, applicants=200, companies=12, rules=False)
    theirs = cli_json("gen", "--preset", "bench-stable", "--seed", "3", "--applicants", "200", "--companies", "12",
                      "--no-rules")
    assert mine == theirs
    assert musubi.generate("jip-fy2018", text=True) == (ROOT / "instances" / "jip-fy2018.json").read_text()
    with pytest.raises(musubi.UsageError) as e:
        musubi.generate(aplicants=5)
    assert "aplicants" in str(e.value)


def test_compare_agrees_with_musubi_compare():
    engines = ["auto", "da-applicant", "da-company", "stable-optimal"]
    mine = musubi.compare(TOKYO, engines=engines)
    theirs = cli_json("compare", TOKYO, "--engines", ",".join(engines), "--json", "-q")
    assert mine["max_weight"] == theirs["max_weight"]
    assert [r["engine"] for r in mine["engines"]] == engines
    for m, t in zip(mine["engines"], theirs["engines"]):
        for key in ("status", "objective", "weight_lost", "check", "metrics"):
            assert m.get(key) == t.get(key), key
    crossing = musubi.generate("bench-quotas", seed=3, applicants=300, companies=20, pairs=12,
                               region_nationality_floor=1)  # a floor per region and nationality: not a network
    refused = musubi.compare(crossing, engines="auto,flow")["engines"][1]
    assert refused["status"] == "refused" and "not laminar" in refused["reason"]
    with pytest.raises(musubi.UsageError):
        musubi.compare(TOKYO, engines=["auto"], threads="many")


# ---- instances from arrays


def tokyo_as_arrays():
    """The bundled Tokyo instance as lists: its columns, requirements as the
    requires_ columns, preferences by id."""
    with open(TOKYO) as f:
        doc = json.load(f)
    apps, coms = doc["applicants"], doc["companies"]
    akeys = sorted({k for a in apps for k in a} - {"id", "preferences"})
    ckeys = sorted({k for c in coms for k in c} - {"id", "capacity", "preferences", "requires"})
    company_attributes = {k: [c.get(k) for c in coms] for k in ckeys}
    for k in ("jlpt", "english", "fields", "degree"):
        values = [c.get("requires", {}).get(k) for c in coms]
        if any(v is not None for v in values):
            company_attributes["requires_" + k] = values
    return doc, dict(
        applicants=[a["id"] for a in apps], companies=[c["id"] for c in coms],
        capacities=[c["capacity"] for c in coms],
        applicant_preferences=[a.get("preferences", []) for a in apps],
        company_preferences={c["id"]: c["preferences"] for c in coms if "preferences" in c},
        applicant_attributes={k: [a.get(k) for a in apps] for k in akeys},
        company_attributes=company_attributes,
        rules=doc.get("rules"), weights=doc.get("weights"), quotas=doc.get("quotas"), name=doc.get("name"))


def test_arrays_give_the_documents_solution():
    doc, arrays = tokyo_as_arrays()
    assert "requires_jlpt" in arrays["company_attributes"]  # requirements that exclude pairs, carried
    with musubi.Instance.from_arrays(**arrays) as inst:
        assert inst.applicant_ids() == [a["id"] for a in doc["applicants"]]
        assert inst.capacities() == arrays["capacities"]
        for engine in ("auto", "da-applicant", "stable-optimal"):
            mine, theirs = musubi.solve(inst, engine=engine), musubi.solve(TOKYO, engine=engine)
            for key in ("status", "objective", "assignment", "fill", "certificate", "metrics", "eligible_pairs"):
                assert mine.get(key) == theirs.get(key), (engine, key)


def test_pairs_by_id_or_by_index_array_are_one_instance():
    apps, coms = ["A0", "A1", "A2"], ["C0", "C1"]
    by_id = musubi.Instance.from_arrays(apps, coms, [1, 1], pairs=[("A0", "C0", 5), ("A1", "C0", 7), ("A2", 1, 3)])
    by_index = musubi.Instance.from_arrays(apps, coms, [1, 1], pair_applicants=array.array("i", [0, 1, 2]),
                                           pair_companies=[0, 0, 1], pair_weights=array.array("q", [5, 7, 3]))
    a, b = musubi.solve(by_id), musubi.solve(by_index)
    assert a["objective"] == b["objective"] == 10
    assert a["assignment"] == b["assignment"]
    by_id.close()
    with pytest.raises(ValueError):
        by_id.applicants


def test_bad_arrays_are_refused_by_record():
    with pytest.raises(musubi.InputError) as e:
        musubi.Instance.from_arrays(["A0", "A0"], ["C0"], [1])
    assert str(e.value) == '<arrays>: applicants[1].id: duplicate id "A0" (also applicants[0])'
    with pytest.raises(musubi.InputError) as e:
        musubi.Instance.from_arrays(["A0"], ["C0"], [1], pairs=[("A0", "C9", 1)], source="mine")
    assert str(e.value) == 'mine: pairs[0].company: unknown company id "C9"'
    with pytest.raises(musubi.InputError) as e:
        musubi.Instance.from_arrays(["A0"], ["C0"], [1], pairs=[(0, 0, -2)])
    assert str(e.value) == "<arrays>: pairs[0].weight: expected an integer from 0 to 1000000000, got -2"
    with pytest.raises(musubi.InputError) as e:
        musubi.Instance.from_arrays(["A0"], ["C0"], [1], applicant_attributes={"jlpt": ["N7"]})
    assert str(e.value) == '<arrays>: applicants[0].jlpt: expected "N1" to "N5", got "N7"'
    with pytest.raises(musubi.InputError) as e:
        musubi.Instance.from_arrays(["A0"], ["C0"], [1], quotas=[{"name": "q", "applicants": {"age": "3"}, "max": 1}])
    assert 'no applicant has the attribute "age"' in str(e.value)
    with pytest.raises(ValueError):
        musubi.Instance.from_arrays(["A0"], ["C0", "C1"], [1])


# ---- the GIL and Ctrl-C


@pytest.fixture(scope="module")
def slow_instance():
    """An instance GLPK's simplex takes minutes over (tests/e2e_reliability.sh's kind)."""
    doc = musubi.generate("bench-quotas", seed=3, applicants=4000, companies=150, capacity="10-40", capacity_mean=0,
                          pairs=20, region_nationality_floor=2)
    with musubi.Instance.from_dict(doc) as inst:
        yield inst


def test_a_solve_releases_the_gil(slow_instance):
    done = threading.Event()
    box = {}

    def work():
        box["sol"] = musubi.solve(slow_instance, engine="mip", time_limit=1.5)
        done.set()

    worker = threading.Thread(target=work)
    worker.start()
    spins = 0
    t0 = time.monotonic()
    while not done.is_set():
        spins += 1  # runs only while the solve does not hold the GIL
    worker.join()
    assert time.monotonic() - t0 >= 1.0
    assert box["sol"]["status"] in ("time_limit", "feasible", "optimal")
    assert spins > 100000


def test_ctrl_c_stops_the_solve_with_its_best_so_far(slow_instance):
    # A shell starts a background job with SIGINT ignored, and Python then
    # installs no KeyboardInterrupt handler: give it the one a terminal gives.
    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    timer = threading.Timer(1.0, os.kill, (os.getpid(), signal.SIGINT))
    t0 = time.monotonic()
    timer.start()
    try:
        with pytest.raises(musubi.Interrupted) as e:
            musubi.solve(slow_instance, engine="mip", time_limit=120)
    finally:
        signal.signal(signal.SIGINT, before)
    assert time.monotonic() - t0 < 20
    assert isinstance(e.value, KeyboardInterrupt)
    assert e.value.solution["status"] == "interrupted"
    # the stop request does not outlive the solve
    assert musubi.solve(TINY_QUOTAS)["status"] == "optimal"
