// Errors the data layer raises for the caller's input; route handlers turn them into 400/404/409.
export class DataError extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    message: string,
  ) {
    super(message);
    this.name = "DataError";
  }
}

export const notFound = (what: string) => new DataError(404, `${what} was not found`);
export const badRequest = (message: string) => new DataError(400, message);
export const conflict = (message: string) => new DataError(409, message);
