import { describe, expect, it } from "vitest";
import { costAxis } from "./cost-axis";

const labels = (costs: number[]) => {
  const axis = costAxis(costs);
  return axis.ticks.map(axis.format);
};

describe("costAxis", () => {
  it("shows a single $0 line when nothing was charged, not an invented scale", () => {
    const axis = costAxis([0, 0, 0]);
    expect(axis.ticks).toEqual([0]);
    expect(axis.ticks.map(axis.format)).toEqual(["$0"]);
    expect(costAxis([]).ticks).toEqual([0]);
  });

  it("follows tiny costs with labels that tell the ticks apart", () => {
    expect(costAxis([0, 0.0003, 0.0001]).domain).toEqual([0, 0.0003]);
    expect(labels([0, 0.0003, 0.0001])).toEqual(["$0", "$0.0001", "$0.0002", "$0.0003"]);
    expect(labels([0.000047])).toEqual(["$0", "$0.00002", "$0.00004", "$0.00006"]);
  });

  it("never repeats a label where cents would round steps of half a cent together", () => {
    const shown = labels([0.018, 0.004]);
    expect(shown).toEqual(["$0", "$0.005", "$0.010", "$0.015", "$0.020"]);
    expect(new Set(shown).size).toBe(shown.length);
    // recharts alone steps by 0.0075 here, which cents show as "$0.02", "$0.02"
    expect(labels([0.03])).toEqual(["$0", "$0.01", "$0.02", "$0.03"]);
  });

  it("uses round steps of 1, 2, 2.5 or 5 and at most four intervals", () => {
    expect(costAxis([3.2]).ticks).toEqual([0, 1, 2, 3, 4]);
    expect(labels([0.9])).toEqual(["$0", "$0.25", "$0.50", "$0.75", "$1.00"]);
    expect(labels([1234])).toEqual(["$0", "$500", "$1,000", "$1,500"]);
    expect(costAxis([7]).ticks).toEqual([0, 2, 4, 6, 8]);
  });

  it("keeps large amounts short enough for the axis", () => {
    expect(labels([180_000])).toEqual(["$0", "$50K", "$100K", "$150K", "$200K"]);
  });

  it("ignores values that are not numbers", () => {
    expect(costAxis([Number.NaN, 2]).domain).toEqual([0, 2]);
  });
});
