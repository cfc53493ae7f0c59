#pragma once
// Fixture: a clean formats/ header.
#include <cstdint>
