// Copyright (C) 2025 Igalia, S.L. All rights reserved.
// This code is governed by the BSD license found in the LICENSE file.

import "./dep_FIXTURE.js";

globalThis.evaluations.push("sync");
