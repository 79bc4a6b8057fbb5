throw new TypeError("dependency failed");
