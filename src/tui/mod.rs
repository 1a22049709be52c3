//! The terminal workbench. The ONLY module that imports ratatui and crossterm.
