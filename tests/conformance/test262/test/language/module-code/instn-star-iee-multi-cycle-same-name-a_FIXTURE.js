// Copyright (C) 2026 Igalia, S.L. All rights reserved.
// This code is governed by the BSD license found in the LICENSE file.

export * from './instn-star-iee-multi-cycle-same-name-b_FIXTURE.js';
export * from './instn-star-iee-multi-cycle-same-name-c_FIXTURE.js';
export * from './instn-star-iee-multi-cycle-same-name-d_FIXTURE.js';
