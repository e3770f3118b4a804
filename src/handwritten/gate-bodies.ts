/**
 * Request bodies for `POST /api/v1/experiments/{experimentId}/gates`, one builder per
 * gate type. Each fills the defaults a caller should not have to think about (a new
 * gid, sector names and gids, a label position) and checks the geometry before the
 * server sees it, so a mistake is reported with its fix rather than as a bare 400.
 */
import type { components } from "../generated/schema.js";
import { ConfigurationError } from "./errors.js";
import { generateId, isObjectId } from "./object-id.js";

type Schemas = components["schemas"];
export type RectangleGateBody = Schemas["RectangleGateCreate"];
export type EllipseGateBody = Schemas["EllipseGateCreate"];
export type PolygonGateBody = Schemas["PolygonGateCreate"];
export type RangeGateBody = Schemas["RangeGateCreate"];
export type QuadrantGateBody = Schemas["QuadrantGateCreate"];
export type SplitGateBody = Schemas["SplitGateCreate"];

export type Point = readonly [number, number];

/** What every gate may carry besides its geometry. */
export interface GateOptions {
  xChannel: string;
  /** Family ID; give an existing family's gid to add a tailored gate to it. */
  gid?: string;
  /** Whether the web application refuses to edit the gate; false by default. */
  locked?: boolean;
  /** The file of a tailored gate; null (the default) for a global gate. */
  fcsFileId?: string | null;
  tailoredPerFile?: boolean;
}

export interface SimpleGateOptions extends GateOptions {
  name: string;
  /** Where the name is drawn; the centre of the shape by default. */
  label?: Point;
}

export interface RectangleGateOptions extends SimpleGateOptions {
  yChannel: string;
  x1: number;
  x2: number;
  y1: number;
  y2: number;
}

export interface EllipseGateOptions extends SimpleGateOptions {
  yChannel: string;
  center: Point;
  /** Rotation in radians. */
  angle: number;
  /** Radius along the major axis. */
  major: number;
  /** Radius along the minor axis. */
  minor: number;
}

export interface PolygonGateOptions extends SimpleGateOptions {
  yChannel: string;
  vertices: readonly Point[];
}

export interface RangeGateOptions extends SimpleGateOptions {
  x1: number;
  x2: number;
  /** Height of the drawn bar as a fraction of the plot, 0 to 1; 0.5 by default. */
  y?: number;
}

export interface QuadrantGateOptions extends GateOptions {
  name: string;
  yChannel: string;
  x: number;
  y: number;
  /**
   * Directions of the four dividing rays in radians; when absent the server
   * uses the four right angles.
   */
  angles?: readonly number[];
  /** Sector names, labels and gids, each in the order UR, UL, LL, LR. */
  names?: readonly string[];
  labels?: readonly Point[];
  gids?: readonly string[];
  skewable?: boolean;
}

export interface SplitGateOptions extends GateOptions {
  name: string;
  x: number;
  /** Height of the drawn dashed line as a fraction of the plot; 0.5 by default. */
  y?: number;
  /** Sector names, labels and gids, each in the order L, R. */
  names?: readonly string[];
  labels?: readonly Point[];
  gids?: readonly string[];
}

// Coordinates this large pin a label to the plot's edge whatever the axis range.
const FAR = 1e38;

const QUADRANT_SECTORS = ["UR", "UL", "LL", "LR"] as const;
const QUADRANT_LABELS: Point[] = [
  [FAR, FAR],
  [-FAR, FAR],
  [-FAR, -FAR],
  [FAR, -FAR],
];
const SPLIT_SECTORS = ["L", "R"] as const;

function fail(builder: string, problem: string): never {
  throw new ConfigurationError(`${builder}: ${problem}`);
}

function checkFinite(builder: string, field: string, value: number): number {
  if (!Number.isFinite(value)) {
    fail(builder, `${field} must be a finite number, got ${String(value)}`);
  }
  return value;
}

function checkPoint(builder: string, field: string, point: Point): [number, number] {
  if (!Array.isArray(point) || point.length !== 2) {
    fail(builder, `${field} must be an [x, y] pair`);
  }
  return [
    checkFinite(builder, `${field}[0]`, point[0]),
    checkFinite(builder, `${field}[1]`, point[1]),
  ];
}

function checkOrder(builder: string, low: string, high: string, a: number, b: number) {
  checkFinite(builder, low, a);
  checkFinite(builder, high, b);
  if (a > b) {
    fail(builder, `${low} (${a}) is greater than ${high} (${b}); swap them`);
  }
}

function checkFraction(builder: string, value: number): number {
  checkFinite(builder, "y", value);
  if (value < 0 || value > 1) {
    fail(
      builder,
      `y is a fraction of the plot height; give a value from 0 to 1, got ${value}`,
    );
  }
  return value;
}

function checkId(builder: string, field: string, value: string): string {
  if (!isObjectId(value)) {
    fail(builder, `${field} must be 24 hexadecimal digits, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** One entry per sector, checked for count; the caller fills in what was left out. */
function checkSectors<T>(
  builder: string,
  field: string,
  values: readonly T[] | undefined,
  order: readonly string[],
): T[] | undefined {
  if (values === undefined) return undefined;
  if (!Array.isArray(values) || values.length !== order.length) {
    const count = Array.isArray(values) ? values.length : 0;
    fail(
      builder,
      `${field} needs ${order.length} entries in the order ${order.join(", ")}, ` +
        `got ${count}; give all of them or leave ${field} out`,
    );
  }
  return [...values];
}

/** The fields outside `model`, shared by every type. */
function envelope(builder: string, options: GateOptions) {
  const fcsFileId = options.fcsFileId ?? null;
  if (fcsFileId !== null) checkId(builder, "fcsFileId", fcsFileId);

  return {
    xChannel: options.xChannel,
    gid: options.gid === undefined ? generateId() : checkId(builder, "gid", options.gid),
    fcsFileId,
    tailoredPerFile: options.tailoredPerFile ?? false,
  };
}

function labelOf(builder: string, given: Point | undefined, centre: Point) {
  return given === undefined ? [...centre] : checkPoint(builder, "label", given);
}

function compoundParts(
  builder: string,
  options: QuadrantGateOptions | SplitGateOptions,
  order: readonly string[],
  defaultLabels: Point[],
) {
  const names = checkSectors(builder, "names", options.names, order);
  const labels = checkSectors(builder, "labels", options.labels, order);
  const gids = checkSectors(builder, "gids", options.gids, order);

  return {
    names: names ?? order.map((sector) => `${options.name} (${sector})`),
    labels: (labels ?? defaultLabels).map((label, i) =>
      checkPoint(builder, `labels[${i}]`, label),
    ),
    gids: gids
      ? gids.map((gid, i) => checkId(builder, `gids[${i}]`, gid))
      : order.map(() => generateId()),
  };
}

/** An axis-aligned rectangle from (x1, y1) to (x2, y2). */
export function rectangleGate(options: RectangleGateOptions): RectangleGateBody {
  const at = "rectangleGate";
  const { x1, x2, y1, y2 } = options;
  checkOrder(at, "x1", "x2", x1, x2);
  checkOrder(at, "y1", "y2", y1, y2);

  return {
    type: "RectangleGate",
    name: options.name,
    yChannel: options.yChannel,
    ...envelope(at, options),
    model: {
      rectangle: { x1, x2, y1, y2 },
      label: labelOf(at, options.label, [(x1 + x2) / 2, (y1 + y2) / 2]),
      locked: options.locked ?? false,
    },
  };
}

/** An ellipse given by its centre, rotation and two radii. */
export function ellipseGate(options: EllipseGateOptions): EllipseGateBody {
  const at = "ellipseGate";
  const center = checkPoint(at, "center", options.center);
  const angle = checkFinite(at, "angle", options.angle);
  for (const axis of ["major", "minor"] as const) {
    if (checkFinite(at, axis, options[axis]) <= 0) {
      fail(at, `${axis} is a radius and must be greater than 0, got ${options[axis]}`);
    }
  }

  return {
    type: "EllipseGate",
    name: options.name,
    yChannel: options.yChannel,
    ...envelope(at, options),
    model: {
      ellipse: { center, angle, major: options.major, minor: options.minor },
      label: labelOf(at, options.label, center),
      locked: options.locked ?? false,
    },
  };
}

/** A closed polygon; the last vertex joins the first. */
export function polygonGate(options: PolygonGateOptions): PolygonGateBody {
  const at = "polygonGate";
  const count = Array.isArray(options.vertices) ? options.vertices.length : 0;
  if (count < 3) {
    fail(at, `a polygon needs at least 3 vertices, got ${count}; add more [x, y] points`);
  }
  const vertices = options.vertices.map((v, i) => checkPoint(at, `vertices[${i}]`, v));

  const sum = vertices.reduce(([sx, sy], [x, y]) => [sx + x, sy + y], [0, 0]);
  const mean: Point = [(sum[0] ?? 0) / count, (sum[1] ?? 0) / count];

  return {
    type: "PolygonGate",
    name: options.name,
    yChannel: options.yChannel,
    ...envelope(at, options),
    model: {
      polygon: { vertices },
      label: labelOf(at, options.label, mean),
      locked: options.locked ?? false,
    },
  };
}

/** The events between x1 and x2 on one channel. */
export function rangeGate(options: RangeGateOptions): RangeGateBody {
  const at = "rangeGate";
  const { x1, x2 } = options;
  checkOrder(at, "x1", "x2", x1, x2);
  const y = checkFraction(at, options.y ?? 0.5);

  return {
    type: "RangeGate",
    name: options.name,
    ...envelope(at, options),
    model: {
      range: { x1, x2, y },
      label: labelOf(at, options.label, [(x1 + x2) / 2, y]),
      locked: options.locked ?? false,
    },
  };
}

/** Four sectors around (x, y), named and ordered UR, UL, LL, LR. */
export function quadrantGate(options: QuadrantGateOptions): QuadrantGateBody {
  const at = "quadrantGate";
  const x = checkFinite(at, "x", options.x);
  const y = checkFinite(at, "y", options.y);

  const { angles } = options;
  if (angles !== undefined && (!Array.isArray(angles) || angles.length !== 4)) {
    fail(at, "angles needs 4 numbers in radians, one per dividing ray; or leave it out");
  }
  const quadrant = angles
    ? { x, y, angles: angles.map((a, i) => checkFinite(at, `angles[${i}]`, a)) }
    : { x, y };

  const { names, labels, gids } = compoundParts(
    at,
    options,
    QUADRANT_SECTORS,
    QUADRANT_LABELS,
  );

  return {
    type: "QuadrantGate",
    names,
    yChannel: options.yChannel,
    ...envelope(at, options),
    model: {
      quadrant,
      labels,
      gids,
      locked: options.locked ?? false,
      ...(options.skewable === undefined ? {} : { skewable: options.skewable }),
    },
  };
}

/** Two sectors left and right of x on one channel, ordered L, R. */
export function splitGate(options: SplitGateOptions): SplitGateBody {
  const at = "splitGate";
  const x = checkFinite(at, "x", options.x);
  const y = checkFraction(at, options.y ?? 0.5);

  // The axis range is not known here, so labels go to the plot's edges at the
  // height of the dashed line, as the quadrant defaults go to its corners.
  const defaultLabels: Point[] = [
    [-FAR, y],
    [FAR, y],
  ];
  const { names, labels, gids } = compoundParts(
    at,
    options,
    SPLIT_SECTORS,
    defaultLabels,
  );

  return {
    type: "SplitGate",
    names,
    ...envelope(at, options),
    model: {
      split: { x, y },
      labels,
      gids,
      locked: options.locked ?? false,
    },
  };
}
