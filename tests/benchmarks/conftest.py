import statistics
import time


def best_rate(func, *, count: int, rounds: int = 5) -> float:
    """Calls per second: the median over several rounds of ``count`` calls."""
    rates = []
    for _ in range(rounds):
        started = time.perf_counter()
        for _ in range(count):
            func()
        rates.append(count / (time.perf_counter() - started))
    return statistics.median(rates)


def report(title: str, rows: list[tuple[str, str]]) -> None:
    print(f"\n== {title}")
    for label, value in rows:
        print(f"   {label:<58} {value}")
