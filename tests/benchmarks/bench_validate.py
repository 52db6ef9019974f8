"""How fast compiled forms validate answers, against a floor measured in the same run.

Run on purpose: `python -m tests.benchmarks.bench_validate [--seconds 2]`.

For each bundled form it prints validations per second of generated answers (training
attendance with 30 participants), the rate of plain `json.loads` of the same payloads (the
floor: no validator can be cheaper than reading the JSON), and the cost ratio between them.
For training attendance it also times a hand-written marshmallow schema with the same rules,
the way one would write it without a compiler, as a reference.
"""

import argparse
import json
import statistics
import time

from marshmallow import RAISE, Schema, fields, validate

from forms.bundled import bundled, load_bundled
from forms.compile import compile_form
from forms.samples import sample_answers

TARGET_RATE = 3000  # training_attendance validations/s on one core
TARGET_RATIO = 8.0  # at most this many times the cost of json.loads


def cpu_seconds(func, payloads) -> float:
    """CPU time of one pass of func over the payloads.

    CPU time rather than wall time: this machine is shared, and another process taking the
    core should not count against the validator.
    """
    start = time.process_time()
    for payload in payloads:
        func(payload)
    return time.process_time() - start


def paired_rates(a, b, payloads_a, payloads_b, seconds: float):
    """Rates of a and b measured in alternation (a b a b ...), so drift hits both alike.

    Returns (rate a, rate b, median of the per-round cost ratios a/b).
    """
    time_a = time_b = 0.0
    ratios = []
    rounds = 0
    while time_a + time_b < 2 * seconds or rounds < 5:
        ta, tb = cpu_seconds(a, payloads_a), cpu_seconds(b, payloads_b)
        time_a, time_b, rounds = time_a + ta, time_b + tb, rounds + 1
        if ta > 0 and tb > 0:
            ratios.append(ta / tb)
    n_a, n_b = rounds * len(payloads_a), rounds * len(payloads_b)
    return n_a / time_a, n_b / time_b, statistics.median(ratios)


class HandWrittenParticipant(Schema):
    class Meta:
        unknown = RAISE

    full_name = fields.String(required=True, validate=validate.Length(2, 200))
    gender = fields.String(required=True, validate=validate.OneOf(["male", "female", "other"]))
    age = fields.Integer(required=True, strict=True, validate=validate.Range(7, 120))
    village_no = fields.Integer(strict=True, validate=validate.Range(1, 50))
    phone = fields.String(validate=validate.Regexp(r"^0\d{1,2}-?\d{3}-?\d{3,4}$"))
    present = fields.Boolean(required=True)
    absence_reason = fields.String(validate=validate.Length(max=200))


class HandWrittenPlace(Schema):
    class Meta:
        unknown = RAISE

    province = fields.String(required=True, validate=validate.Length(max=200))
    district = fields.String(required=True, validate=validate.Length(max=200))
    subdistrict = fields.String(required=True, validate=validate.Length(max=200))
    village_no = fields.Integer(required=True, strict=True, validate=validate.Range(1, 50))
    village_name = fields.String(validate=validate.Length(max=200))


class HandWrittenAttendance(Schema):
    """training_attendance as one would write it by hand (relevance and calculations left out)."""

    class Meta:
        unknown = RAISE

    course_title = fields.String(required=True, validate=validate.Length(3, 200))
    activity = fields.String(required=True, validate=validate.OneOf(["thai_desserts", "mind_development"]))
    day_no = fields.Integer(required=True, strict=True, validate=validate.Range(1, 10))
    date = fields.Date(required=True)
    venue = fields.String(required=True, validate=validate.Length(max=200))
    place = fields.Nested(HandWrittenPlace)
    location = fields.Dict()
    trainer = fields.String(required=True, validate=validate.Length(2, 200))
    desserts = fields.List(fields.String(), validate=validate.Length(1, 4))
    participants = fields.List(fields.Nested(HandWrittenParticipant), required=True,
                               validate=validate.Length(1, 200))
    present_count = fields.Integer()
    target_count = fields.Integer(required=True, strict=True, validate=validate.Range(1, 200))
    attendance_taken_at = fields.String()
    notes = fields.String(validate=validate.Length(max=5000))


def form_of(form_id):
    return compile_form(bundled(form_id))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0, help="time per measurement")
    parser.add_argument("--samples", type=int, default=200, help="distinct payloads per form")
    args = parser.parse_args(argv)

    print("CPU-time rates on one core; cost ratio = median over rounds of validate / json.loads")
    print(f"{'form':<22} {'bytes':>6} {'validate/s':>11} {'json.loads/s':>13} {'cost ratio':>10}")
    results = {}
    for definition in load_bundled():
        counts = {"participants": 30} if definition.form_id == "training_attendance" else None
        answers = [sample_answers(definition.raw, seed, repeat_counts=counts) for seed in range(args.samples)]
        texts = [json.dumps(a, ensure_ascii=False) for a in answers]
        form = compile_form(definition)
        assert all(form.validate(a).ok for a in answers), "generated answers must be valid"
        validated, floor, ratio = paired_rates(form.validate, json.loads, answers, texts, args.seconds)
        size = sum(len(t.encode()) for t in texts) // len(texts)
        results[definition.form_id] = (validated, ratio, answers)
        print(f"{definition.form_id:<22} {size:>6} {validated:>11,.0f} {floor:>13,.0f} {ratio:>9.1f}x")

    validated, ratio, answers = results["training_attendance"]
    hand, compiled, hand_cost = paired_rates(HandWrittenAttendance().load, form_of("training_attendance").validate,
                                             answers, answers, args.seconds)
    print(f"\ntraining_attendance, 30 participants, measured in alternation: compiled {compiled:,.0f}/s, "
          f"hand-written marshmallow {hand:,.0f}/s (the hand-written one costs {hand_cost:.2f}x)")
    print(f"targets: >= {TARGET_RATE:,}/s -> {'met' if validated >= TARGET_RATE else 'MISSED'}; "
          f"cost <= {TARGET_RATIO:.0f}x json.loads -> "
          f"{'met' if ratio <= TARGET_RATIO else 'MISSED'} ({ratio:.1f}x)")


if __name__ == "__main__":
    main()
