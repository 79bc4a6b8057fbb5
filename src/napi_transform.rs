//! napi glue for the transform: owned by the transform work (issue 2).
