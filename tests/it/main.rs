//! The integration test binary: fixture handbooks built end to end, checked as HTML, as
//! diagnostics, and in a real browser (headless Chromium through WebDriver).

mod browser;
mod build;
mod checklists;
mod fuzz;
mod pages;
mod quiz_checks;
mod regressions;
mod safety;
mod search;
mod serve;
mod support;
mod web;
