//! Helpers shared by the integration tests in this folder.
