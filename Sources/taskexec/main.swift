import TaskexecCommands

Taskexec.runMain()
