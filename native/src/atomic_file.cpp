#include "atomic_file.h"

#include "trainer_error.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#ifdef _WIN32
#include <fcntl.h>
#include <io.h>
#else
#include <fcntl.h>
#include <unistd.h>
#endif

static void fsync_path(const std::string & path, bool directory) {
#ifdef _WIN32
    if (directory) {
        return; // Windows has no directory fsync; MoveFileEx below is the durable step
    }
    int fd = _open(path.c_str(), _O_RDWR | _O_BINARY);
    if (fd < 0) {
        throw TrainerError("internal", "cannot reopen " + path + " to flush it: " + std::strerror(errno), "write_failed", {{"file", path}});
    }
    _commit(fd);
    _close(fd);
#else
    int fd = open(path.c_str(), directory ? O_RDONLY : O_RDWR);
    if (fd < 0) {
        if (directory) {
            return;
        }
        throw TrainerError("internal", "cannot reopen " + path + " to flush it: " + std::strerror(errno), "write_failed", {{"file", path}});
    }
    fsync(fd);
    close(fd);
#endif
}

void write_file_atomically(const std::string & path, const std::function<void(const std::string & temp_path)> & write_to) {
    namespace fs = std::filesystem;
    const fs::path target(path);
    if (target.has_parent_path()) {
        std::error_code ec;
        fs::create_directories(target.parent_path(), ec);
    }
    const std::string temp = path + ".tmp-" + std::to_string(
#ifdef _WIN32
        _getpid()
#else
        getpid()
#endif
    );
    try {
        write_to(temp);
        fsync_path(temp, false);
        std::error_code ec;
        fs::rename(temp, target, ec);
        if (ec) {
            throw TrainerError("internal", "cannot rename " + temp + " to " + path + ": " + ec.message(), "write_failed", {{"file", path}});
        }
    } catch (...) {
        std::error_code ignored;
        fs::remove(temp, ignored);
        throw;
    }
    if (target.has_parent_path()) {
        fsync_path(target.parent_path().string(), true);
    }
}

bool file_exists(const std::string & path) {
    std::error_code ec;
    return std::filesystem::is_regular_file(path, ec);
}

void make_directories(const std::string & path) {
    std::error_code ec;
    std::filesystem::create_directories(path, ec);
    if (ec) {
        throw TrainerError("internal", "cannot create directory " + path + ": " + ec.message(), "write_failed", {{"file", path}});
    }
}
