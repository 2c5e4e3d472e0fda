"""cty's one number type: a Go ``big.Float`` (go-cty ``cty/value_init.go:ParseNumberVal``).

A literal is parsed with a 512-bit mantissa, rounded to nearest even; each operation
rounds its exact result to the larger precision of its operands (``math/big``'s
rule for a result whose precision is unset); values that came through a Go
``float64`` (``log``, ``pow``) keep 53 bits. Values stay plain Python for everyone
else: an ``int`` is a whole number (held exactly), a :class:`BigNum` (a ``float``
to every reader) carries the exact binary fraction and its precision, and the
infinities are ``float("inf")``. The text form is ``big.Float.Text('f', -1)``:
the shortest decimal that reads back to the same value, never an exponent
(``cty/json/marshal.go``).
"""

from __future__ import annotations

import math
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

PREC = 512
_FLOAT_PREC = 53


class NumberError(Exception):
    """An operation with no number for a result (0/0, inf - inf); the message is cty's."""


class BigNum(float):
    """A number that is not a whole one held exactly (or one with another precision)."""

    exact: Fraction
    prec: int

    def __new__(cls, exact: Fraction, prec: int, negative_zero: bool = False) -> BigNum:
        if negative_zero:
            approximate = -0.0
        else:
            approximate = float(exact) if abs(exact) < 2**1023 else math.copysign(math.inf, exact)
        self = float.__new__(cls, approximate)
        self.exact = exact
        self.prec = prec
        return self

    def __repr__(self) -> str:
        return text(self)

    __str__ = __repr__

    def is_integer(self) -> bool:
        # Readers ask a float whether it is whole; the answer is the exact value's (big.Float.IsInt).
        return self.exact.denominator == 1

    def __reduce__(self) -> Any:
        return (BigNum, (self.exact, self.prec, _negative_zero(self)))


class PrecInt(int):
    """A whole number held with a precision other than 512 bits: a Go int64 through
    ``cty.NumberIntVal`` (64 bits: ``length``, ``strlen``) or a float64 (53 bits)."""

    prec: int

    def __new__(cls, value: int, prec: int) -> PrecInt:
        self = int.__new__(cls, value)
        self.prec = prec
        return self

    def __reduce__(self) -> Any:
        return (PrecInt, (int(self), self.prec))


Number = Any  # int | PrecInt | BigNum | float (an infinity)


def _negative_zero(value: Any) -> bool:
    """big.Float keeps the sign of zero: ``-0`` prints as "-0" (and equals 0)."""
    return isinstance(value, float) and value == 0 and math.copysign(1.0, value) < 0


def _negative(value: Any) -> bool:
    return value < 0 or _negative_zero(value)


def _zero(negative: bool, prec: int) -> Number:
    return BigNum(Fraction(0), prec, negative_zero=True) if negative else make(0, prec)


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _round(q: Fraction | int, prec: int) -> Fraction | int:
    """``q`` rounded to ``prec`` significant bits, ties to even (big.ToNearestEven)."""
    if isinstance(q, int):
        n, d = q, 1
    else:
        n, d = q.numerator, q.denominator
    if n == 0:
        return 0
    sign = -1 if n < 0 else 1
    n = abs(n)
    if d == 1 and n.bit_length() <= prec:
        return sign * n
    # e: the exponent of the lowest kept bit, so that 2**(prec-1) <= n / d / 2**e < 2**prec.
    e = n.bit_length() - d.bit_length()
    if (n << max(-e, 0)) < (d << max(e, 0)):
        e -= 1
    e -= prec - 1
    num, den = (n, d << e) if e >= 0 else (n << -e, d)
    m, r = divmod(num, den)
    if 2 * r > den or (2 * r == den and m & 1):
        m += 1
    if e >= 0:
        return sign * (m << e)
    result = Fraction(sign * m, 1 << -e)
    return result.numerator if result.denominator == 1 else result


def make(q: Fraction | int, prec: int = PREC) -> Number:
    """A value from an exact result: rounded to ``prec`` bits, then in its Python form."""
    rounded = _round(q, prec)
    if isinstance(rounded, int):
        return rounded if prec == PREC else PrecInt(rounded, prec)
    return BigNum(Fraction(rounded), prec)


def go_int(value: int) -> Number:
    """``cty.NumberIntVal``: a 64-bit precision whole number."""
    return PrecInt(value, max(64, abs(value).bit_length()))


def parts(value: Number) -> tuple[Fraction | int, int]:
    """The exact value and precision of a known finite number."""
    if isinstance(value, BigNum):
        return value.exact, value.prec
    if isinstance(value, int):
        return int(value), getattr(value, "prec", PREC)
    # A float from elsewhere (JSON var files): as cty would parse its text.
    return _round(Fraction(repr(value)), PREC), PREC


def parse(literal: str) -> Number:
    """A decimal literal as cty reads it (``ParseNumberVal``); raises ValueError."""
    if literal.isascii() and literal.isdigit() and len(literal) < 150:
        return int(literal)  # fewer than 512 bits: exact, and the common case by far
    try:
        exact = Fraction(Decimal(literal))
    except (InvalidOperation, ValueError):
        raise ValueError(literal) from None
    return make(exact)


def from_float(value: float) -> Number:
    """A Go ``float64`` result (``cty.NumberFloatVal``): 53 bits."""
    if math.isinf(value):
        return value
    if math.isnan(value):
        raise NumberError("the result is not a number")
    if _negative_zero(value):
        return BigNum(Fraction(0), _FLOAT_PREC, negative_zero=True)
    return make(Fraction(value), _FLOAT_PREC)


def is_inf(value: Number) -> bool:
    return isinstance(value, float) and not isinstance(value, BigNum) and math.isinf(value)


def is_whole(value: Number) -> bool:
    """``big.Float.IsInt``: exactly a whole number."""
    if isinstance(value, BigNum):
        return value.exact.denominator == 1
    if isinstance(value, int):
        return True
    return not math.isinf(value) and float(value).is_integer()


def as_int(value: Number) -> int | None:
    """The whole number, or None when it is not exactly one."""
    if not is_whole(value):
        return None
    return int(value.exact) if isinstance(value, BigNum) else int(value)


def sign(value: Number) -> int:
    return (value > 0) - (value < 0)


# -- arithmetic (go-cty cty/value_ops.go) -----------------------------------------------
def add(a: Number, b: Number) -> Number:
    if a == 0 and b == 0:
        return _zero(_negative_zero(a) and _negative_zero(b), max(parts(a)[1], parts(b)[1]))
    if is_inf(a) or is_inf(b):
        if is_inf(a) and is_inf(b) and sign(a) != sign(b):
            raise NumberError("can't compute sum of opposing infinities")
        return a if is_inf(a) else b
    if type(a) is int and type(b) is int:
        return make(a + b)
    (x, p), (y, q) = parts(a), parts(b)
    return make(x + y, max(p, q))


def neg(a: Number) -> Number:
    if a == 0 and not is_inf(a):
        return _zero(not _negative_zero(a), parts(a)[1])
    if isinstance(a, BigNum):
        return BigNum(-a.exact, a.prec)
    if isinstance(a, PrecInt):
        return PrecInt(-a, a.prec)
    return -a


def sub(a: Number, b: Number) -> Number:
    if is_inf(a) and is_inf(b) and sign(a) == sign(b):
        raise NumberError("can't subtract infinity from itself")
    return add(a, neg(b))


def mul(a: Number, b: Number) -> Number:
    if is_inf(a) or is_inf(b):
        if sign(a) == 0 or sign(b) == 0:
            raise NumberError("can't multiply zero by infinity")
        return math.inf if sign(a) * sign(b) > 0 else -math.inf
    if a == 0 or b == 0:
        return _zero(_negative(a) != _negative(b), max(parts(a)[1], parts(b)[1]))
    if type(a) is int and type(b) is int:
        return make(a * b)
    (x, p), (y, q) = parts(a), parts(b)
    product = _round(x * y, PREC)
    # Value.Multiply keeps the larger precision, or what the product needs.
    return make(product, max(p, q, _min_prec(product)))


def _min_prec(q: Fraction | int) -> int:
    q = Fraction(q)
    if q == 0:
        return 0
    n, d = abs(q.numerator), q.denominator
    n //= n & -n
    return n.bit_length() if d & (d - 1) == 0 else PREC


def div(a: Number, b: Number) -> Number:
    if (is_inf(a) and is_inf(b)) or (sign(a) == 0 and sign(b) == 0):
        raise NumberError("can't divide zero by zero or infinity by infinity")
    if is_inf(a):
        return math.inf if _negative(a) == _negative(b) else -math.inf
    if is_inf(b) or sign(a) == 0:
        return _zero(_negative(a) != _negative(b), max(parts(a)[1], parts(b)[1]) if not is_inf(b) else PREC)
    if sign(b) == 0:
        return math.inf if _negative(a) == _negative(b) else -math.inf
    if type(a) is int and type(b) is int and a % b == 0:
        return make(a // b)
    (x, p), (y, q) = parts(a), parts(b)
    return make(Fraction(x) / Fraction(y), max(p, q))


def mod(a: Number, b: Number) -> Number:
    """Value.Modulo: the remainder after a quotient truncated toward zero; ``x % 0`` is x."""
    if is_inf(a) or is_inf(b):
        return mul(a, b)
    if sign(b) == 0:
        return a
    if type(a) is int and type(b) is int:
        r = abs(a) % abs(b)
        return -r if a < 0 else r
    (x, p), _ = parts(a), parts(b)
    quotient = div(a, b)
    whole = int(quotient.exact) if isinstance(quotient, BigNum) else int(quotient)
    work = _round(whole, p)
    work = _round(Fraction(parts(b)[0]) * work, p)
    return make(Fraction(x) - work, p)


def compare(a: Number, b: Number) -> int:
    fa = a if is_inf(a) else parts(a)[0]
    fb = b if is_inf(b) else parts(b)[0]
    return (fa > fb) - (fa < fb)


def equal(a: Number, b: Number) -> bool:
    """cty's ``rawNumberEqual`` (go-cty 1.14.3 on): whole numbers compare exactly,
    others by their text."""
    if is_inf(a) or is_inf(b):
        return a == b
    if sign(a) != sign(b):
        return False
    wa, wb = is_whole(a), is_whole(b)
    if wa != wb:
        return False
    if wa:
        return as_int(a) == as_int(b)
    return text(a) == text(b)


# -- text -------------------------------------------------------------------------------
def text(value: Number) -> str:
    """``big.Float.Text('f', -1)``: the shortest decimal that reads back the same."""
    if is_inf(value):
        return "+Inf" if value > 0 else "-Inf"
    if _negative_zero(value):
        return "-0"
    exact, prec = parts(value)
    if isinstance(exact, int) and exact.bit_length() <= prec:
        return str(exact)
    if exact == 0:
        return "0"
    negative = exact < 0
    digits, point = _shortest(abs(Fraction(exact)), prec)
    return ("-" if negative else "") + _fixed(digits, point)


def _shortest(x: Fraction, prec: int) -> tuple[str, int]:
    """Digits d and exponent p with x read back from 0.d × 10**p (Go's ftoa ``shortest``)."""
    n, d = x.numerator, x.denominator
    e = n.bit_length() - d.bit_length()
    if (n << max(-e, 0)) < (d << max(e, 0)):
        e -= 1
    ulp = Fraction(2) ** (e - prec + 1)
    mant = x / ulp  # a whole number in [2**(prec-1), 2**prec)
    lower = ulp / 4 if mant == 2 ** (prec - 1) else ulp / 2
    lo, hi = x - lower, x + ulp / 2
    inclusive = int(mant) % 2 == 0
    # 10**k <= x < 10**(k+1)
    k = len(str(n // d)) - 1 if n >= d else -len(str(d // n)) + (0 if d % n else 1) - 1
    while Fraction(10) ** k > x:
        k -= 1
    while Fraction(10) ** (k + 1) <= x:
        k += 1

    def candidate(count: int) -> tuple[int, int] | None:
        scale = Fraction(10) ** (k + 1 - count)
        low = math.floor(x / scale)
        best = None
        for c in (low, low + 1):
            v = c * scale
            ok = (lo <= v <= hi) if inclusive else (lo < v < hi)
            if ok and (best is None or abs(v - x) < abs(best[0] * scale - x)):
                best = (c, k + 1 - count)
        return best

    first, last = 1, 2 + (prec * 30103) // 100000 + 2
    while first < last:
        mid = (first + last) // 2
        if candidate(mid) is None:
            first = mid + 1
        else:
            last = mid
    found = candidate(first)
    assert found is not None  # the exact value itself is a candidate at full length
    c, exp = found
    digits = str(c).rstrip("0")
    exp += len(str(c)) - len(digits)
    return digits, exp + len(digits)


def _fixed(digits: str, point: int) -> str:
    if point <= 0:
        return "0." + "0" * -point + digits
    if point >= len(digits):
        return digits + "0" * (point - len(digits))
    return digits[:point] + "." + digits[point:]
