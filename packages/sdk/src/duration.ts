import { Mark1Error, SdkErrorCodes } from './errors';

const DURATION = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/i;
const SIZE = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|k|mb|m|gb|g|kib|mib|gib)?\s*$/i;

/**
 * Parses a duration into seconds. Accepts a number of seconds or a string such as `500ms`, `30s`,
 * `5m`, `1h` (a bare number is seconds).
 */
export function parseDuration(value: number | string): number {
  if (typeof value === 'number') {
    if (Number.isFinite(value) && value >= 0) return value;
  } else {
    const match = DURATION.exec(value);
    if (match) {
      const amount = Number(match[1]);
      const unit = (match[2] ?? 's').toLowerCase();
      const factor = unit === 'ms' ? 0.001 : unit === 'm' ? 60 : unit === 'h' ? 3600 : 1;
      return amount * factor;
    }
  }
  throw new Mark1Error(
    SdkErrorCodes.INVALID_ARGUMENT,
    `"${String(value)}" is not a duration; write seconds as a number or a string such as "500ms", "30s", "5m" or "1h".`,
    { details: { value } },
  );
}

/**
 * Parses a memory size into bytes. Accepts a number of megabytes or a string such as `512MB`, `2GB`,
 * `256k` (decimal and binary units are both read as powers of 1024, as memory limits usually are).
 */
export function parseByteSize(value: number | string): number {
  if (typeof value === 'number') {
    if (Number.isFinite(value) && value > 0) return Math.round(value * 1024 * 1024);
  } else {
    const match = SIZE.exec(value);
    if (match) {
      const amount = Number(match[1]);
      const unit = (match[2] ?? 'mb').toLowerCase();
      const power = unit.startsWith('g')
        ? 3
        : unit.startsWith('m')
          ? 2
          : unit.startsWith('k')
            ? 1
            : 0;
      if (amount > 0) return Math.round(amount * 1024 ** power);
    }
  }
  throw new Mark1Error(
    SdkErrorCodes.INVALID_ARGUMENT,
    `"${String(value)}" is not a memory size; write a number of megabytes or a string such as "512MB" or "2GB".`,
    { details: { value } },
  );
}
