#pragma once

#include <functional>
#include <string>

// Writes `path` through `write_to(temp_path)`, then fsyncs the temp file and renames it over `path`, so readers
// see either the old file or the complete new one, even after a crash.
void write_file_atomically(const std::string & path, const std::function<void(const std::string & temp_path)> & write_to);

bool file_exists(const std::string & path);
void make_directories(const std::string & path);
