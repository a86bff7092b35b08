//! `meshcanvas check` and `meshcanvas standards` through the binary.
