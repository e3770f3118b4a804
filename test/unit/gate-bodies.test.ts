import { beforeAll, describe, expect, it } from "vitest";

import { loadDocument } from "../../codegen/document.js";
import { ConfigurationError } from "../../src/handwritten/errors.js";
import {
  ellipseGate,
  polygonGate,
  quadrantGate,
  rangeGate,
  rectangleGate,
  splitGate,
} from "../../src/handwritten/gate-bodies.js";
import { createValidator } from "../support/validator.js";

const GID = "65a1f0c2e4b0a1b2c3d4e5f6";
const FILE = "65a1f0c2e4b0a1b2c3d4e5ff";
const SECTORS = [
  "000000000000000000000001",
  "000000000000000000000002",
  "000000000000000000000003",
  "000000000000000000000004",
];
const HEX_ID = /^[0-9a-f]{24}$/;

const rectangle = { name: "Lymphocytes", xChannel: "FSC-A", yChannel: "SSC-A" };
const box = { ...rectangle, x1: 10, x2: 30, y1: 100, y2: 300 };
const oval = { ...rectangle, center: [5, 7] as const, angle: 0.5, major: 4, minor: 2 };
const triangle = {
  ...rectangle,
  vertices: [
    [0, 0],
    [6, 0],
    [0, 3],
  ] as const,
};
const cross = { name: "CD4 vs CD8", xChannel: "CD4", yChannel: "CD8", x: 2, y: 3 };

function errorOf(build: () => unknown): Error {
  try {
    build();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return error as Error;
  }
  throw new Error("expected the builder to throw");
}

describe("rectangleGate", () => {
  it("builds the whole body from the given values", () => {
    const body = rectangleGate({
      ...box,
      label: [20, 250],
      gid: GID,
      locked: true,
      fcsFileId: FILE,
      tailoredPerFile: true,
    });

    expect(body).toEqual({
      type: "RectangleGate",
      name: "Lymphocytes",
      xChannel: "FSC-A",
      yChannel: "SSC-A",
      gid: GID,
      fcsFileId: FILE,
      tailoredPerFile: true,
      model: {
        rectangle: { x1: 10, x2: 30, y1: 100, y2: 300 },
        label: [20, 250],
        locked: true,
      },
    });
  });

  it("labels the midpoint, unlocked, global and untailored by default", () => {
    const body = rectangleGate(box);

    expect(body.model.label).toEqual([20, 200]);
    expect(body.model.locked).toBe(false);
    expect(body.fcsFileId).toBeNull();
    expect(body.tailoredPerFile).toBe(false);
  });

  it("generates a new 24-digit gid for each gate", () => {
    const first = rectangleGate(box).gid;
    const second = rectangleGate(box).gid;

    expect(first).toMatch(HEX_ID);
    expect(second).toMatch(HEX_ID);
    expect(second).not.toBe(first);
  });

  it("accepts a zero-width rectangle", () => {
    expect(rectangleGate({ ...box, x2: 10 }).model.rectangle.x2).toBe(10);
  });

  it("says which bound is reversed and to swap them", () => {
    expect(errorOf(() => rectangleGate({ ...box, x1: 40 })).message).toBe(
      "rectangleGate: x1 (40) is greater than x2 (30); swap them",
    );
    expect(errorOf(() => rectangleGate({ ...box, y2: 50 })).message).toBe(
      "rectangleGate: y1 (100) is greater than y2 (50); swap them",
    );
  });

  it("rejects a coordinate that is not a finite number", () => {
    expect(errorOf(() => rectangleGate({ ...box, y1: Number.NaN })).message).toBe(
      "rectangleGate: y1 must be a finite number, got NaN",
    );
    expect(
      errorOf(() => rectangleGate({ ...box, label: [1, Number.POSITIVE_INFINITY] }))
        .message,
    ).toBe("rectangleGate: label[1] must be a finite number, got Infinity");
  });

  it("rejects a gid or file ID that is not 24 hex digits", () => {
    expect(errorOf(() => rectangleGate({ ...box, gid: "abc" })).message).toBe(
      'rectangleGate: gid must be 24 hexadecimal digits, got "abc"',
    );
    expect(errorOf(() => rectangleGate({ ...box, fcsFileId: "f1" })).message).toBe(
      'rectangleGate: fcsFileId must be 24 hexadecimal digits, got "f1"',
    );
  });
});

describe("ellipseGate", () => {
  it("builds the whole body from the given values", () => {
    const body = ellipseGate({ ...oval, label: [1, 2], gid: GID });

    expect(body).toEqual({
      type: "EllipseGate",
      name: "Lymphocytes",
      xChannel: "FSC-A",
      yChannel: "SSC-A",
      gid: GID,
      fcsFileId: null,
      tailoredPerFile: false,
      model: {
        ellipse: { center: [5, 7], angle: 0.5, major: 4, minor: 2 },
        label: [1, 2],
        locked: false,
      },
    });
  });

  it("labels the center by default, not a missing field", () => {
    expect(ellipseGate(oval).model.label).toEqual([5, 7]);
  });

  it("does not share the caller's center array", () => {
    const center: [number, number] = [5, 7];
    const body = ellipseGate({ ...oval, center });
    center[0] = 99;

    expect(body.model.ellipse.center).toEqual([5, 7]);
    expect(body.model.label).toEqual([5, 7]);
  });

  it("rejects an axis that is zero or negative", () => {
    expect(errorOf(() => ellipseGate({ ...oval, major: 0 })).message).toBe(
      "ellipseGate: major is a radius and must be greater than 0, got 0",
    );
    expect(errorOf(() => ellipseGate({ ...oval, minor: -1 })).message).toBe(
      "ellipseGate: minor is a radius and must be greater than 0, got -1",
    );
  });

  it("rejects a non-finite angle or center", () => {
    expect(errorOf(() => ellipseGate({ ...oval, angle: Number.NaN })).message).toBe(
      "ellipseGate: angle must be a finite number, got NaN",
    );
    expect(
      errorOf(() => ellipseGate({ ...oval, center: [Number.NEGATIVE_INFINITY, 0] }))
        .message,
    ).toBe("ellipseGate: center[0] must be a finite number, got -Infinity");
  });
});

describe("polygonGate", () => {
  it("builds the whole body from the given values", () => {
    const body = polygonGate({ ...triangle, gid: GID, locked: true });

    expect(body).toEqual({
      type: "PolygonGate",
      name: "Lymphocytes",
      xChannel: "FSC-A",
      yChannel: "SSC-A",
      gid: GID,
      fcsFileId: null,
      tailoredPerFile: false,
      model: {
        polygon: {
          vertices: [
            [0, 0],
            [6, 0],
            [0, 3],
          ],
        },
        label: [2, 1],
        locked: true,
      },
    });
  });

  it("labels the mean of the vertices by default", () => {
    const square = polygonGate({
      ...rectangle,
      vertices: [
        [1, 1],
        [3, 1],
        [3, 5],
        [1, 5],
      ],
    });
    expect(square.model.label).toEqual([2, 3]);
  });

  it("keeps a given label", () => {
    expect(polygonGate({ ...triangle, label: [9, 9] }).model.label).toEqual([9, 9]);
  });

  it("asks for more vertices when there are fewer than 3", () => {
    const line = { ...triangle, vertices: triangle.vertices.slice(0, 2) };
    expect(errorOf(() => polygonGate(line)).message).toBe(
      "polygonGate: a polygon needs at least 3 vertices, got 2; add more [x, y] points",
    );
  });

  it("names the vertex that is not finite", () => {
    const bad = {
      ...triangle,
      vertices: [
        [0, 0],
        [6, 0],
        [0, Number.NaN],
      ] as const,
    };
    expect(errorOf(() => polygonGate(bad)).message).toBe(
      "polygonGate: vertices[2][1] must be a finite number, got NaN",
    );
  });
});

describe("rangeGate", () => {
  const range = { name: "CD3+", xChannel: "CD3", x1: 2, x2: 8 };

  it("builds the whole body from the given values, with no y channel", () => {
    const body = rangeGate({ ...range, y: 0.25, label: [4, 0.3], gid: GID });

    expect(body).toEqual({
      type: "RangeGate",
      name: "CD3+",
      xChannel: "CD3",
      gid: GID,
      fcsFileId: null,
      tailoredPerFile: false,
      model: {
        range: { x1: 2, x2: 8, y: 0.25 },
        label: [4, 0.3],
        locked: false,
      },
    });
    expect(body).not.toHaveProperty("yChannel");
  });

  it("draws the bar halfway up and labels the midpoint at that height", () => {
    const body = rangeGate(range);

    expect(body.model.range.y).toBe(0.5);
    expect(body.model.label).toEqual([5, 0.5]);
  });

  it("labels the midpoint at a given height", () => {
    expect(rangeGate({ ...range, y: 0.9 }).model.label).toEqual([5, 0.9]);
  });

  it("rejects a reversed range", () => {
    expect(errorOf(() => rangeGate({ ...range, x1: 9 })).message).toBe(
      "rangeGate: x1 (9) is greater than x2 (8); swap them",
    );
  });

  it("rejects a height outside 0 to 1", () => {
    expect(errorOf(() => rangeGate({ ...range, y: 1.5 })).message).toBe(
      "rangeGate: y is a fraction of the plot height; give a value from 0 to 1, got 1.5",
    );
    expect(errorOf(() => rangeGate({ ...range, y: -0.1 })).message).toBe(
      "rangeGate: y is a fraction of the plot height; give a value from 0 to 1, got -0.1",
    );
  });
});

describe("quadrantGate", () => {
  it("builds the whole body from the given values", () => {
    const body = quadrantGate({
      ...cross,
      angles: [0, Math.PI / 2, Math.PI, (3 * Math.PI) / 2],
      names: ["a", "b", "c", "d"],
      labels: [
        [4, 4],
        [0, 4],
        [0, 0],
        [4, 0],
      ],
      gid: GID,
      gids: SECTORS,
      skewable: true,
      locked: true,
    });

    expect(body).toEqual({
      type: "QuadrantGate",
      names: ["a", "b", "c", "d"],
      xChannel: "CD4",
      yChannel: "CD8",
      gid: GID,
      fcsFileId: null,
      tailoredPerFile: false,
      model: {
        quadrant: { x: 2, y: 3, angles: [0, Math.PI / 2, Math.PI, (3 * Math.PI) / 2] },
        labels: [
          [4, 4],
          [0, 4],
          [0, 0],
          [4, 0],
        ],
        gids: SECTORS,
        skewable: true,
        locked: true,
      },
    });
  });

  it("names the sectors after the gate in the order UR, UL, LL, LR", () => {
    expect(quadrantGate(cross).names).toEqual([
      "CD4 vs CD8 (UR)",
      "CD4 vs CD8 (UL)",
      "CD4 vs CD8 (LL)",
      "CD4 vs CD8 (LR)",
    ]);
  });

  it("pins the default labels to the plot's corners in sector order", () => {
    expect(quadrantGate(cross).model.labels).toEqual([
      [1e38, 1e38],
      [-1e38, 1e38],
      [-1e38, -1e38],
      [1e38, -1e38],
    ]);
  });

  it("generates four distinct sector gids besides the top gid", () => {
    const body = quadrantGate(cross);

    expect(body.model.gids).toHaveLength(4);
    for (const gid of body.model.gids) expect(gid).toMatch(HEX_ID);
    expect(new Set([body.gid, ...body.model.gids]).size).toBe(5);
  });

  it("leaves angles and skewable to the server when not given", () => {
    const body = quadrantGate(cross);

    expect(body.model.quadrant).toEqual({ x: 2, y: 3 });
    expect(body.model).not.toHaveProperty("skewable");
    expect(body.model.locked).toBe(false);
  });

  it("rejects angles that are not 4 numbers", () => {
    expect(errorOf(() => quadrantGate({ ...cross, angles: [0, 1, 2] })).message).toBe(
      "quadrantGate: angles needs 4 numbers in radians, one per dividing ray; " +
        "or leave it out",
    );
    const notFinite = { ...cross, angles: [0, 1, Number.NaN, 3] };
    expect(errorOf(() => quadrantGate(notFinite)).message).toBe(
      "quadrantGate: angles[2] must be a finite number, got NaN",
    );
  });

  it("rejects names, labels or gids that are not one per sector", () => {
    expect(errorOf(() => quadrantGate({ ...cross, names: ["a", "b"] })).message).toBe(
      "quadrantGate: names needs 4 entries in the order UR, UL, LL, LR, got 2; " +
        "give all of them or leave names out",
    );
    expect(errorOf(() => quadrantGate({ ...cross, labels: [[0, 0]] })).message).toBe(
      "quadrantGate: labels needs 4 entries in the order UR, UL, LL, LR, got 1; " +
        "give all of them or leave labels out",
    );
    const fiveGids = [...SECTORS, GID];
    expect(errorOf(() => quadrantGate({ ...cross, gids: fiveGids })).message).toBe(
      "quadrantGate: gids needs 4 entries in the order UR, UL, LL, LR, got 5; " +
        "give all of them or leave gids out",
    );
  });

  it("rejects a sector gid that is not 24 hex digits", () => {
    const gids = [SECTORS[0] ?? "", "nope", SECTORS[2] ?? "", SECTORS[3] ?? ""];
    expect(errorOf(() => quadrantGate({ ...cross, gids })).message).toBe(
      'quadrantGate: gids[1] must be 24 hexadecimal digits, got "nope"',
    );
  });

  it("rejects a centre that is not finite", () => {
    expect(errorOf(() => quadrantGate({ ...cross, x: Number.NaN })).message).toBe(
      "quadrantGate: x must be a finite number, got NaN",
    );
  });
});

describe("splitGate", () => {
  const split = { name: "CD19", xChannel: "CD19", x: 4 };

  it("builds the whole body from the given values, with no y channel", () => {
    const body = splitGate({
      ...split,
      y: 0.8,
      names: ["neg", "pos"],
      labels: [
        [1, 0.9],
        [7, 0.9],
      ],
      gid: GID,
      gids: SECTORS.slice(0, 2),
      fcsFileId: FILE,
      tailoredPerFile: true,
    });

    expect(body).toEqual({
      type: "SplitGate",
      names: ["neg", "pos"],
      xChannel: "CD19",
      gid: GID,
      fcsFileId: FILE,
      tailoredPerFile: true,
      model: {
        split: { x: 4, y: 0.8 },
        labels: [
          [1, 0.9],
          [7, 0.9],
        ],
        gids: SECTORS.slice(0, 2),
        locked: false,
      },
    });
    expect(body).not.toHaveProperty("yChannel");
  });

  it("names the sectors (L) and (R) and draws the line halfway up", () => {
    const body = splitGate(split);

    expect(body.names).toEqual(["CD19 (L)", "CD19 (R)"]);
    expect(body.model.split).toEqual({ x: 4, y: 0.5 });
  });

  it("labels left and right of x at the plot's edges, at the line's height", () => {
    expect(splitGate({ ...split, y: 0.3 }).model.labels).toEqual([
      [-1e38, 0.3],
      [1e38, 0.3],
    ]);
  });

  it("generates two distinct sector gids", () => {
    const { gids } = splitGate(split).model;

    expect(gids).toHaveLength(2);
    for (const gid of gids) expect(gid).toMatch(HEX_ID);
    expect(gids[0]).not.toBe(gids[1]);
  });

  it("rejects names or gids that are not one per sector", () => {
    expect(errorOf(() => splitGate({ ...split, names: ["only"] })).message).toBe(
      "splitGate: names needs 2 entries in the order L, R, got 1; " +
        "give all of them or leave names out",
    );
    expect(errorOf(() => splitGate({ ...split, gids: SECTORS })).message).toBe(
      "splitGate: gids needs 2 entries in the order L, R, got 4; " +
        "give all of them or leave gids out",
    );
  });

  it("rejects a line height outside 0 to 1", () => {
    expect(errorOf(() => splitGate({ ...split, y: 2 })).message).toBe(
      "splitGate: y is a fraction of the plot height; give a value from 0 to 1, got 2",
    );
  });
});

describe("gate bodies against the API document", () => {
  let validate: ReturnType<typeof createValidator>;

  beforeAll(async () => {
    validate = createValidator(await loadDocument());
  });

  it("match their create schemas, with defaults and with every option", () => {
    const bodies: [string, unknown][] = [
      ["RectangleGateCreate", rectangleGate(box)],
      ["RectangleGateCreate", rectangleGate({ ...box, fcsFileId: FILE, locked: true })],
      ["EllipseGateCreate", ellipseGate(oval)],
      ["PolygonGateCreate", polygonGate(triangle)],
      ["RangeGateCreate", rangeGate({ name: "r", xChannel: "CD3", x1: 1, x2: 2 })],
      ["QuadrantGateCreate", quadrantGate(cross)],
      [
        "QuadrantGateCreate",
        quadrantGate({ ...cross, angles: [0, 1, 2, 3], skewable: true, gids: SECTORS }),
      ],
      ["SplitGateCreate", splitGate({ name: "s", xChannel: "CD19", x: 4 })],
    ];

    for (const [schema, body] of bodies) {
      const result = validate({ $ref: `#/components/schemas/${schema}` }, body);
      expect(result.errors, schema).toBe("");
      expect(result.valid, schema).toBe(true);
    }
  });

  it("would catch a body the server rejects, so the check above has teeth", () => {
    const { model, ...rest } = rectangleGate(box);
    const unlabelled = { ...rest, model: { rectangle: model.rectangle } };
    const result = validate(
      { $ref: "#/components/schemas/RectangleGateCreate" },
      unlabelled,
    );

    expect(result.valid).toBe(false);
    expect(result.errors).toContain("label");
  });
});
