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
import time

from marshmallow import RAISE, Schema, fields, validate

from forms.bundled import load_bundled
from forms.compile import compile_form
from forms.samples import sample_answers

TARGET_RATE = 3000  # training_attendance validations/s on one core
TARGET_RATIO = 8.0  # at most this many times the cost of json.loads


def rate(func, payloads, seconds: float) -> float:
    """Calls per second of func over the payloads, repeated for at least `seconds`."""
    done, start = 0, time.perf_counter()
    while True:
        for payload in payloads:
            func(payload)
        done += len(payloads)
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return done / elapsed


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


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0, help="time per measurement")
    parser.add_argument("--samples", type=int, default=200, help="distinct payloads per form")
    args = parser.parse_args(argv)

    print(f"{'form':<22} {'bytes':>6} {'validate/s':>11} {'json.loads/s':>13} {'cost ratio':>10}")
    results = {}
    for definition in load_bundled():
        counts = {"participants": 30} if definition.form_id == "training_attendance" else None
        answers = [sample_answers(definition.raw, seed, repeat_counts=counts) for seed in range(args.samples)]
        texts = [json.dumps(a, ensure_ascii=False) for a in answers]
        form = compile_form(definition)
        assert all(form.validate(a).ok for a in answers), "generated answers must be valid"
        floor = rate(json.loads, texts, args.seconds)
        validated = rate(form.validate, answers, args.seconds)
        size = sum(len(t.encode()) for t in texts) // len(texts)
        results[definition.form_id] = (validated, floor, answers)
        print(f"{definition.form_id:<22} {size:>6} {validated:>11,.0f} {floor:>13,.0f} {floor / validated:>9.1f}x")

    validated, floor, answers = results["training_attendance"]
    hand = rate(HandWrittenAttendance().load, answers, args.seconds)
    print(f"\ntraining_attendance, 30 participants: compiled {validated:,.0f}/s, "
          f"hand-written marshmallow {hand:,.0f}/s (compiled/hand {validated / hand:.2f}x)")
    print(f"targets: >= {TARGET_RATE:,}/s -> {'met' if validated >= TARGET_RATE else 'MISSED'}; "
          f"cost <= {TARGET_RATIO:.0f}x json.loads -> "
          f"{'met' if floor / validated <= TARGET_RATIO else 'MISSED'} ({floor / validated:.1f}x)")


if __name__ == "__main__":
    main()
