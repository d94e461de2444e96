//! medtrust end-to-end test harness.
