//! The integration test binary: fixture handbooks built end to end, checked as HTML, as
//! diagnostics, and in a real browser (headless Chromium through WebDriver).

mod a11y;
mod authoring;
mod browser;
mod build;
mod checklists;
mod fuzz;
mod handbook;
mod install;
mod mdbook;
mod pages;
mod quiz_checks;
mod reading;
mod safety;
mod search;
mod search_misses;
mod search_typing;
mod serve;
mod skills;
mod skills_browser;
mod support;
mod translations;
mod web;
