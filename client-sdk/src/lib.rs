//! medtrust client SDK.
