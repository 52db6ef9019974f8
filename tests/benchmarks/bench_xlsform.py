"""How long converting a 300-question XLSForm takes, against pyxform's own parse of it.

Run on purpose: `python -m tests.benchmarks.bench_xlsform [--runs 5]`.

The workbook is built here: 300 questions of every convertible type in groups and a repeat,
with Thai and English labels, relevance, constraints and calculations. The floor is pyxform
reading the same bytes and turning them into its JSON (`get_xlsform` + `workbook_to_json`):
the conversion reads the workbook through pyxform and asks it to judge the structure, so it
cannot be cheaper. CPU time, the median of the runs; the goal is under 2 s.
"""

import argparse
import io
import statistics
import time

from tests.data.xlsforms.make_xlsforms import workbook_bytes

GOAL_SECONDS = 2.0
QUESTIONS = 300
TH, EN = "label::Thai (th)", "label::English (en)"


def big_workbook(questions: int = QUESTIONS) -> bytes:
    header = ["type", "name", TH, EN, "required", "relevant", "constraint",
              "constraint_message::Thai (th)", "constraint_message::English (en)", "calculation"]
    rows, count = [header], 0
    kinds = ["text", "integer", "decimal", "date", "select_one yn", "select_multiple crops",
             "time", "geopoint", "calculate", "note"]
    while count < questions:
        block = count // 50
        rows.append(["begin group" if block % 2 == 0 else "begin repeat", f"section_{block}",
                     f"ส่วนที่ {block}", f"Section {block}"])
        for _ in range(50):
            kind = kinds[count % len(kinds)]
            name = f"q{count}"
            row = [kind, name, f"คำถามที่ {count}", f"Question {count}",
                   "yes" if count % 3 == 0 else ""]
            relevant = f"${{q{count - 1}}} != ''" if count % 4 == 1 else ""
            constraint = {"integer": ". >= 0 and . <= 120", "decimal": ". > 0",
                          "date": ". <= today()", "text": "string-length(.) <= 200"}.get(kind, "")
            calculation = f"int(${{q{count - 8}}} * 2)" if kind == "calculate" else ""
            rows.append(row + [relevant, constraint, "ค่าไม่ถูกต้อง" if constraint else "",
                               "Not valid" if constraint else "", calculation])
            count += 1
        rows.append(["end group" if block % 2 == 0 else "end repeat"])
    choices = [["list_name", "name", TH, EN], ["yn", "yes", "ใช่", "Yes"], ["yn", "no", "ไม่ใช่", "No"]]
    choices += [["crops", f"crop{i}", f"พืช {i}", f"Crop {i}"] for i in range(8)]
    settings = [["form_id", "form_title", "version"], ["big_survey", "แบบสำรวจขนาดใหญ่", "1"]]
    return workbook_bytes({"survey": rows, "choices": choices, "settings": settings})


def pyxform_parse(data: bytes) -> None:
    from pyxform.xls2json import workbook_to_json
    from pyxform.xls2json_backends import get_xlsform

    workbook_to_json(get_xlsform(io.BytesIO(data), file_type=".xlsx"), form_name="data", warnings=[])


def convert(data: bytes):
    from forms.xlsform import convert

    return convert(data, "big_survey.xlsx")


def cpu_seconds(func, data) -> float:
    start = time.process_time()
    func(data)
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    data = big_workbook()
    conversion = convert(data)  # warm up imports; check the result once
    assert conversion.definition is not None and not conversion.blocking, conversion.blocking[:3]
    floor, ours = [], []
    for _ in range(args.runs):  # alternate, so drift on a shared machine hits both alike
        floor.append(cpu_seconds(pyxform_parse, data))
        ours.append(cpu_seconds(convert, data))
    floor_s, ours_s = statistics.median(floor), statistics.median(ours)
    print(f"workbook: {QUESTIONS} questions, {len(data) / 1024:.0f} KiB, {args.runs} runs, CPU seconds (median)")
    print(f"pyxform parse (floor):      {floor_s:.3f} s")
    print(f"tambon convert:             {ours_s:.3f} s   (goal < {GOAL_SECONDS:.1f} s: "
          f"{'met' if ours_s < GOAL_SECONDS else 'NOT met'})")
    print(f"ratio convert / floor:      {ours_s / floor_s:.2f}x")


if __name__ == "__main__":
    main()
