// Copyright (C) 2024 the V8 project authors. All rights reserved.
// This code is governed by the BSD license found in the LICENSE file.

import "./module-graphs-parent-tla_FIXTURE.js";
