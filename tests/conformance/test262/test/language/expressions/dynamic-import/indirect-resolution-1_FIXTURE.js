// Copyright (C) 2018 Leo Balter. All rights reserved.
// This code is governed by the BSD license found in the LICENSE file.

export default import('./indirect-resolution-2_FIXTURE.js');
