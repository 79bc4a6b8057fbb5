await Promise.reject(new RangeError("tla failed"));
